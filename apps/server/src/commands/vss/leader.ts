// leader and handover (issue #21): the server processes on one PostgreSQL database and which of
// them streams.
import { z } from 'zod';
import { ParaError } from '../../errors.js';
import { permBits } from '../perms.js';
import { noArgs } from '../schema.js';
import { mustLead } from '../must-lead.js';
import { defineCommand } from '../types.js';

const ONE_BOX = 'no playout leader election: one box (SQLite)';

interface LeaderOutput {
  nodes: { node: string; leader: boolean; since: string; self: boolean }[] | undefined;
}

export const leaderCommand = defineCommand({
  name: 'leader',
  summary: 'list the server processes on this database and which one streams',
  synopsis: 'leader',
  description:
    'Server processes on one PostgreSQL database elect one playout leader: only it streams, ' +
    'chooses files and counts plays; the others take over within seconds when it is gone. ' +
    'Lists each node (its --node-name), whether it leads, and since when (the leader: since it ' +
    'leads; the others: since they are connected). handover moves the lead. On SQLite there is ' +
    'no election.',
  perms: permBits('VSS_READ'),
  kind: 'query',
  options: [],
  input: z.object({ args: noArgs }),
  async run({ services }): Promise<LeaderOutput> {
    const election = services.leader;
    if (!election) return { nodes: undefined };
    const rows = await election.nodes().catch((err: unknown) => {
      throw new ParaError('E_DB', `leader: ${err instanceof Error ? err.message : String(err)}`);
    });
    return {
      nodes: rows.map((r) => ({
        node: r.node,
        leader: r.leader,
        since: r.since.toISOString(),
        self: r.node === election.node,
      })),
    };
  },
  render(out) {
    if (!out.nodes) return `${ONE_BOX}\n`;
    const width = Math.max(4, ...out.nodes.map((n) => n.node.length));
    return [
      `${'node'.padEnd(width)}  leader  since`,
      ...out.nodes.map(
        (n) =>
          `${n.node.padEnd(width)}  ${(n.leader ? 'yes' : 'no').padEnd(6)}  ${n.since}${n.self ? '  (this node)' : ''}`,
      ),
    ]
      .map((l) => `${l}\n`)
      .join('');
  },
});

export const handoverCommand = defineCommand({
  name: 'handover',
  summary: 'hand the playout lead over to another node',
  synopsis: 'handover',
  description:
    'The leader stops streaming, gives up the lead and stays out for five seconds, so that ' +
    'another node takes over (with --autoplay it starts playing). On a standby it is sent to ' +
    'the leader (with Redis), which hands over.',
  perms: permBits('VSS_READ', 'VSS_WRITE'),
  kind: 'mutation',
  options: [],
  input: z.object({ args: noArgs }),
  onLeader: () => 'handover',
  async run({ services }) {
    const election = services.leader;
    if (!election) throw new ParaError('E_UNSUPPORTED', `handover: ${ONE_BOX}`);
    mustLead(services, 'handover');
    await election.handover();
    return { node: election.node };
  },
  render: (out) => `${out.node} handed the lead over\n`,
});
