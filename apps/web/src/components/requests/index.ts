// Listeners' requests: the panel on /listen and the dashboard's queue.
export { RequestPanel } from './request-panel';
export { RequestsPage } from './requests-page';
