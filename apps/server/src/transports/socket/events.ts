// The socket.io events of the dashboards, typed for both ends (the web app imports these types).
// Names are noun:verb; progress events are derived from the command table like the tRPC paths.
import type { ErrorCode } from '../../errors.js';
import type { CommandGroup, CommandsOf } from '../../commands/index.js';
import type { JobUpdate, StatusObject } from '../web/index.js';
import type { AfsChangeBatch } from '../../afs/index.js';

// what the web app needs of these types comes from here (`@paraweb/server/socket-events`)
export type { AfsChangeBatch, JobUpdate, StatusObject };

type ProgressEventsOf<G extends CommandGroup> = {
  [D in Extract<CommandsOf<G>, { kind: 'mutation' }> as `${G}:${D['name']}-progress`]: (
    update: JobUpdate,
  ) => void;
};

/** `afs:add-progress`, `server:hup-progress` and the like: one event per mutation of the table */
export type ProgressEvents = ProgressEventsOf<'afs'> &
  ProgressEventsOf<'vss'> &
  ProgressEventsOf<'server'>;
export type ProgressEventName = keyof ProgressEvents;

export type ServerToClientEvents = ProgressEvents & {
  /** the whole status after every change, and once on connect (VSS_READ) */
  'vss:status': (status: StatusObject) => void;
  /** database changes, gathered per 100 ms (AFS_READ) */
  'afs:change': (batch: AfsChangeBatch) => void;
  /** listeners per sender, when they change (checked every second) and on connect (VSS_READ) */
  'senders:status': (senders: SenderSummary[]) => void;
};

export interface SenderSummary {
  name: string;
  isOn: boolean;
  listeners: number;
  /** the live mounts it serves (/live.mp3, ...) with their listeners */
  mounts: { path: string; listeners: number }[];
}

export interface CommandRequest {
  /** a command name of the table (a unique prefix works, as on the command port) */
  command: string;
  /** the same object the tRPC procedure takes: option keys plus `args` */
  input?: unknown;
}

export type SocketErrorCode = ErrorCode | 'UNAUTHORIZED';

export type CommandAck =
  | { ok: true; output: unknown; text: string; failure: string | null }
  | { ok: false; error: { code: SocketErrorCode; message: string } };

export type CancelAck =
  { ok: true } | { ok: false; error: { code: SocketErrorCode; message: string } };

export interface ClientToServerEvents {
  /** runs a command with the connected user's permissions, answered by the ack */
  command: (request: CommandRequest, ack: (answer: CommandAck) => void) => void;
  'jobs:cancel': (request: { id: string }, ack: (answer: CancelAck) => void) => void;
}

export interface SocketData {
  user: string;
  perms: number;
}
