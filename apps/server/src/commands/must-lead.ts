// The commands that change the stream (play, next, select, sender on, ...) act only on the playout
// leader (issue #21): a standby sends them to the leader (commands/forward/, run.ts); where it
// cannot (no Redis, no leader, no answer) they refuse, since on a node that does not stream they
// would change a stream nobody hears.
import { ParaError } from '../errors.js';
import type { LeaderControl, Services } from './types.js';

/** "next: not the leader: b (a leads)", with why the leader could not be asked when known */
export function notLeader(election: LeaderControl, what: string, why?: string): ParaError {
  const leader = election.leader?.node;
  const who = leader === undefined ? 'no node leads yet' : `${leader} leads`;
  return new ParaError(
    'E_NOT_LEADER',
    `${what}: not the leader: ${election.node} (${who}${why === undefined ? '' : `; ${why}`})`,
  );
}

/** Refuses a command that would change the stream on a node that does not stream. */
export function mustLead(services: Services, cmd: string): void {
  const election = services.leader;
  if (!election || election.isLeader) return;
  throw notLeader(election, cmd);
}
