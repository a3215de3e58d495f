// The playout leader (issue #21): which of the server processes on one PostgreSQL database streams.
export { Election, defaultNodeName, NODE_NAME } from './election.js';
export type { ElectionOptions, LeaderEvent, NodeRow } from './election.js';
