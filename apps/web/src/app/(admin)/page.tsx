// The home page: what is playing now, live.
import { NowPlaying } from '@/components/now-playing';

export default function HomePage() {
  return <NowPlaying />;
}
