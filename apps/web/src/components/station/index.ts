// The public station's pages (issue #16): /listen, /embed, and the dashboard's settings.
export { ListenPage } from './listen-page';
export { EmbedPlayer } from './embed-player';
export { StationSettingsPage } from './station-settings';
