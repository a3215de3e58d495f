// The public station (issue #16): settings, the play log and what /api/nowplaying publishes.
export { Station, type HistoryPlay, type StationDeps } from './station.js';
export {
  StationStore,
  StationEditSchema,
  type StationEdit,
  type StationOptions,
  type StationSettings,
  type StoredStation,
} from './settings.js';
export { PlayLog, RECENT_MAX, readStatus, type Play, type StreamNow } from './plays.js';
export {
  ARTWORK_PATH,
  COVER_PATH,
  publicView,
  type PublicNowPlaying,
  type PublicPlay,
  type PublicTrack,
} from './public-view.js';
export { stationOptions } from './from-config.js';
