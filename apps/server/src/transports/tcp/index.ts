// Public surface of the command port (paraslash wire protocol): the server and the client.
export { startCommandServer, DEFAULTS as COMMAND_SERVER_DEFAULTS } from './command-server.js';
export type { CommandServer, CommandServerOptions, ConnectionInfo } from './command-server.js';
export { runCommand, ClientError, commandPacketData } from './client.js';
export type { ClientOptions, RunHandlers, RunResult, ClientErrorKind } from './client.js';
export { SBD, LIMITS, encodePacket, PacketReader, ProtocolError, bandName } from './sideband.js';
export type { Band, Packet } from './sideband.js';
export * as handshake from './handshake.js';
