// Reads a sender's own help and status texts (`sender <name> help|status`), so the page can offer
// whatever subcommands and lists a sender has (http, udp, icecast, or one added later).

/** a subcommand group of one usage line: `usage: {add|delete} host[:port]` */
export interface UsageGroup {
  subcommands: string[];
  /** what the argument looks like, '' for subcommands without one (on, off) */
  argument: string;
}

export interface SenderHelp {
  groups: UsageGroup[];
  /** the lines after the usage lines: examples, notes */
  notes: string;
}

export function parseHelp(text: string): SenderHelp {
  const groups: UsageGroup[] = [];
  const notes: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^usage:\s*\{([^}]*)\}\s*(.*)$/.exec(line.trim());
    if (m) groups.push({ subcommands: m[1]!.split('|').filter(Boolean), argument: m[2]!.trim() });
    else if (line.trim() !== '') notes.push(line);
  }
  return { groups, notes: notes.join('\n') };
}

/** a list the status shows (targets, access list), and the subcommand that removes an entry */
export interface StatusList {
  label: string;
  entries: string[];
  remove: string | undefined;
}

const EMPTY = new Set(['(none)', '(empty)', '']);

/** `access allow list` is emptied with deny, `access deny list` with allow; targets with delete */
function removerOf(key: string, subcommands: ReadonlySet<string>): string | undefined {
  const access = /^access (allow|deny) list$/.exec(key);
  if (access) {
    const other = access[1] === 'allow' ? 'deny' : 'allow';
    return subcommands.has(other) ? other : undefined;
  }
  return subcommands.has('delete') ? 'delete' : undefined;
}

export interface SenderStatus {
  on: boolean | undefined;
  lists: StatusList[];
}

/** The top-level `key: value` lines of a status text: on/off, and its lists. */
export function parseStatus(text: string, subcommands: ReadonlySet<string>): SenderStatus {
  let on: boolean | undefined;
  const lists: StatusList[] = [];
  for (const line of text.split('\n')) {
    if (/^\s/.test(line)) continue; // details of one entry (icecast's per-target lines)
    const i = line.indexOf(':');
    if (i < 0) continue;
    const key = line.slice(0, i).trim();
    const value = line.slice(i + 1).trim();
    if (key === 'status') on = value === 'on' ? true : value === 'off' ? false : undefined;
    else if (key === 'targets' || / list$/.test(key))
      lists.push({
        label: key,
        entries: EMPTY.has(value) ? [] : value.split(/\s+/),
        remove: removerOf(key, subcommands),
      });
  }
  return { on, lists };
}

/**
 * The button of an argument form that is the main one. On an access list the main action adds
 * to that list: "deny" on a deny list (allow would be the odd one out there), "allow" on an
 * allow list; elsewhere the first subcommand of the usage line.
 */
export function primarySubcommand(
  subcommands: readonly string[],
  lists: readonly StatusList[],
): string | undefined {
  for (const l of lists) {
    const kind = /^access (allow|deny) list$/.exec(l.label)?.[1];
    if (kind && subcommands.includes(kind)) return kind;
  }
  return subcommands[0];
}

/** what a sender's receiver count counts, for the senders that count them (http, udp) */
const COUNTED: Record<string, [string, string] | undefined> = {
  http: ['listener', 'listeners'],
  udp: ['target', 'targets'],
};

/** "3 listeners", "1 target"; undefined for a sender whose count says nothing (icecast) */
export function receiverText(sender: string, count: number): string | undefined {
  const words = COUNTED[sender];
  return words ? `${count} ${count === 1 ? words[0] : words[1]}` : undefined;
}
