// The Audience page and the History view (issue #17).
export { AudiencePage } from './audience-page';
export { HistoryPage } from './history-page';
