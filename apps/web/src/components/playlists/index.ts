// The playlists page.
export { PlaylistsPage } from './playlists-page';
