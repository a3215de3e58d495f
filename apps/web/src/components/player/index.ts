// The web player (issue #7): plays the HTTP stream and shows what the listener hears.
export { WebPlayer } from './web-player';
