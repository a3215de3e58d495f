// The live mounts (/live.mp3, /live.aac, /live.opus): profiles from the configuration, the
// pass-through feeder, central framing, silence, and the continuous Ogg Opus muxer.
export * from './types.js';
export { mountProfiles, mountPath, mountOfPath } from './profiles.js';
export type { MountConfig } from './profiles.js';
export { PassThroughFeeder, passThrough } from './passthrough.js';
export { MountFraming, isMountSink } from './mount-stream.js';
export { OggOpusMuxer } from './ogg-mux.js';
export { silentFrame } from './silence.js';
