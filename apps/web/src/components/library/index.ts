// The library page and its parts.
export { LibraryPage } from './library-page';
