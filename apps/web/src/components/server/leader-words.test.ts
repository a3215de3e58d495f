import { describe, expect, test } from 'vitest';
import { canHandOver, leaderSummary, type LeaderNode } from './leader-words';

const node = (name: string, leader: boolean, self = false): LeaderNode => ({
  node: name,
  leader,
  since: '2026-12-06T18:00:00.000Z',
  self,
});

describe('the playout leader on the server page', () => {
  test('SQLite: one box, no election', () => {
    expect(leaderSummary(undefined)).toBe('One box (SQLite): no election, this server streams.');
    expect(canHandOver(undefined)).toBe(false);
  });

  test('names the leader, or this node', () => {
    expect(leaderSummary([node('a', true), node('b', false, true)])).toBe(
      'a leads and streams (2 nodes on this database).',
    );
    expect(leaderSummary([node('a', true, true)])).toBe(
      'This node leads and streams (1 node on this database).',
    );
    expect(leaderSummary([node('a', false), node('b', false, true)])).toMatch(/^No node leads now/);
  });

  test('the lead is handed over only to another node, from the leader or a standby', () => {
    expect(canHandOver([node('a', true, true)])).toBe(false);
    expect(canHandOver([node('a', true, true), node('b', false)])).toBe(true);
    expect(canHandOver([node('a', true), node('b', false, true)])).toBe(true);
    expect(canHandOver([node('a', false), node('b', false, true)])).toBe(false);
  });
});
