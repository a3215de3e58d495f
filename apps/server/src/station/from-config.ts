// The public station's settings as the server's options give them (the dashboard may override).
import type { Config } from '../config.js';
import type { StationOptions } from './settings.js';

export function stationOptions(config: Config): StationOptions {
  return {
    name: config.stationName,
    description: config.stationDescription,
    artwork: config.stationArtwork,
    publicOff: config.publicOff,
    showListeners: config.publicListeners,
    showNext: config.publicNext,
  };
}
