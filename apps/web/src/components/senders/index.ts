// The senders page's parts.
export { SendersPage } from './senders-page';
