// The schedule page.
export { SchedulePage } from './schedule-page';
