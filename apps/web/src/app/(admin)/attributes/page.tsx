// Attributes: the named bits of audio files, with their bit numbers.
import type { Metadata } from 'next';
import { AttributesPage } from '@/components/attributes';

export const metadata: Metadata = { title: 'Attributes' };

export default function Page() {
  return <AttributesPage />;
}
