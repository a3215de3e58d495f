// What the server page says of the playout leader (the `leader` command's nodes; issue #21), kept
// apart from the card so that it is tested without a browser.
export interface LeaderNode {
  node: string;
  leader: boolean;
  since: string;
  self: boolean;
}

/** One line: who streams, or why nobody does. `nodes` undefined: SQLite, one box, no election. */
export function leaderSummary(nodes: readonly LeaderNode[] | undefined): string {
  if (!nodes) return 'One box (SQLite): no election, this server streams.';
  const lead = nodes.find((n) => n.leader);
  const count = `${nodes.length} ${nodes.length === 1 ? 'node' : 'nodes'} on this database`;
  if (!lead) return `No node leads now (${count}): a standby takes over within seconds.`;
  return `${lead.self ? 'This node' : lead.node} leads and streams (${count}).`;
}

/** Whether the lead can be handed over: a node leads and another is there to take it (a standby
 * forwards `handover` to the leader over Redis; without Redis it says why it cannot). */
export function canHandOver(nodes: readonly LeaderNode[] | undefined): boolean {
  return !!nodes && nodes.length > 1 && nodes.some((n) => n.leader);
}
