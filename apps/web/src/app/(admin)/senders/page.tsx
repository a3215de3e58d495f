// The senders: listeners, on/off, targets and access lists.
import { SendersPage } from '@/components/senders';

export default function Page() {
  return <SendersPage />;
}
