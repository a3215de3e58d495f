// What the two web doors share (tRPC in ../trpc, socket.io in ../socket): the services they read,
// running a command of the table for a web user, jobs with progress, and the status as an object.
export { runWebCommand } from './run-command.js';
export type { CommandReply, RunHooks } from './run-command.js';
export { counters, Job, JobRegistry } from './jobs.js';
export type { JobInfo, JobState, JobUpdate } from './jobs.js';
export type { ApiServices } from './services.js';
export { statusObject, watchStatus } from './status.js';
export type { StatusObject } from './status.js';
export { toWire } from './wire.js';
export type { Wire } from './wire.js';
