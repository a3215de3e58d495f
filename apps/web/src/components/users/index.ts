// The users page's parts.
export { UsersPage } from './users-page';
