// Attributes: the named bits of audio files, with their bit numbers.
import { AttributesPage } from '@/components/attributes';

export default function Page() {
  return <AttributesPage />;
}
