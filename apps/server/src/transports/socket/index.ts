// Public surface of the socket.io door: attach it to the API's HTTP server; event types for the web app.
export { attachSocketDoor } from './socket-server.js';
export type { IoServer, PeerChannel, SocketDoor, SocketDoorOptions } from './socket-server.js';
export { ConnectionLimiter, DEFAULT_CONNECTION_LIMITS } from './limiter.js';
export type { ConnectionLimits } from './limiter.js';
export type { AfsChange, AfsChangeBatch } from '../../afs/index.js';
export type {
  CancelAck,
  ClientToServerEvents,
  CommandAck,
  CommandRequest,
  ProgressEventName,
  ServerToClientEvents,
} from './events.js';
