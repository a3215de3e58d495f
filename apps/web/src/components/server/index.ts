// The server page's parts.
export { ServerPage } from './server-page';
