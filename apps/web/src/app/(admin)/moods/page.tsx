// Moods: write, check, preview, save and select the definitions of admissible files.
import { MoodsPage } from '@/components/moods';

export default function Page() {
  return <MoodsPage />;
}
