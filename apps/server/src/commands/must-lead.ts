// The commands that change the stream (play, next, select, sender on, ...) act only on the playout
// leader (issue #21): on another node they would change a stream nobody hears, so they refuse.
import { ParaError } from '../errors.js';
import type { Services } from './types.js';

/** Refuses a command that would change the stream on a node that does not stream. */
export function mustLead(services: Services, cmd: string): void {
  const election = services.leader;
  if (!election || election.isLeader) return;
  const leader = election.leader?.node;
  throw new ParaError(
    'E_NOT_LEADER',
    `${cmd}: not the leader: ${election.node} (${leader === undefined ? 'no node leads yet' : `${leader} leads`})`,
  );
}
