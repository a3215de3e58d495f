// The dashboard home: what the server is and how big its library is.
import { Dashboard } from '@/components/dashboard';

export default function HomePage() {
  return <Dashboard />;
}
