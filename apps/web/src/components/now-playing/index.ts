// Now playing: the home page's parts.
export { NowPlaying } from './now-playing';
