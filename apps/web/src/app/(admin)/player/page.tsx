// Web player: listen to the server's HTTP stream in the browser.
import { WebPlayer } from '@/components/player';

export default function Page() {
  return <WebPlayer />;
}
