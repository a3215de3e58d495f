// para_client's options (docs/paraslash/protocol.md §5): command line, then ~/.paraslash/client.conf (lopsub
// syntax), the command line winning; and where the private key is found.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CLIENT_LOGLEVELS = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'crit',
  'emerg',
] as const;

export interface ClientConfig {
  user: string;
  /** explicit -k; otherwise resolved by defaultKeyFile() */
  keyFile: string | undefined;
  hostname: string;
  serverPort: number;
  configFile: string;
  /** index into CLIENT_LOGLEVELS: log bands below it are not printed */
  loglevel: number;
}

interface Spec {
  name: keyof Omit<ClientConfig, 'loglevel'> | 'loglevel' | 'help' | 'version';
  long: string;
  short: string;
  flag?: boolean;
}

const SPECS: Spec[] = [
  { name: 'user', long: 'user', short: 'u' },
  { name: 'keyFile', long: 'key-file', short: 'k' },
  { name: 'hostname', long: 'hostname', short: 'i' },
  { name: 'serverPort', long: 'server-port', short: 'p' },
  { name: 'configFile', long: 'config-file', short: 'c' },
  { name: 'loglevel', long: 'loglevel', short: 'l' },
  { name: 'help', long: 'help', short: 'h', flag: true },
  { name: 'version', long: 'version', short: 'V', flag: true },
];

export const CLIENT_USAGE = `usage: para_client [options] [--] [command [args...]]
  -u, --user=name          user name (default: login name)
  -k, --key-file=path      private key (default ~/.paraslash/key.<user>, else ~/.ssh/id_rsa)
  -i, --hostname=host      server host (default localhost)
  -p, --server-port=port   command port (default 2990)
  -c, --config-file=path   default ~/.paraslash/client.conf
  -l, --loglevel=level     debug, info, notice, warning, error, crit, emerg (default warning)
  -h, --help   -V, --version
Without a command and with a terminal on stdin: interactive mode (history, tab completion).
`;

export type ParsedClientArgs =
  | { ok: true; config: ClientConfig; command: string[]; exit?: 'help' | 'version' }
  | { ok: false; error: string };

type Raw = Map<string, string | true>;

/** GNU-style; stops at `--` or at the first word that is not an option (the command). */
function parseArgs(argv: string[], raw: Raw): { command: string[]; error?: string } {
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return { command: argv.slice(i + 1) };
    if (!a.startsWith('-') || a === '-') break;
    const long = a.startsWith('--');
    const eq = a.indexOf('=');
    const key = long ? a.slice(2, eq < 0 ? undefined : eq) : a[1]!;
    const spec = SPECS.find((s) => (long ? s.long === key : s.short === key));
    if (!spec) return { command: [], error: `unknown option ${long ? `--${key}` : `-${key}`}` };
    if (spec.flag) {
      raw.set(spec.name, true);
      continue;
    }
    let value: string | undefined = long
      ? eq < 0
        ? undefined
        : a.slice(eq + 1)
      : a.length > 2
        ? a.slice(2)
        : undefined;
    if (value === undefined) value = argv[++i];
    if (value === undefined) return { command: [], error: `option ${a} needs an argument` };
    raw.set(spec.name, value);
  }
  return { command: argv.slice(i) };
}

/** lopsub config syntax: `name value`, `name=value`, "quoted" strings, # comments. */
export function parseClientConfigFile(text: string, raw: Raw): string | undefined {
  for (const [n, line] of text.split('\n').entries()) {
    const t = line.trim();
    if (t === '' || t.startsWith('#') || t.startsWith('[')) continue;
    const m = /^([a-z-]+)\s*(?:=\s*|\s+)?(.*)$/.exec(t);
    const spec = m && SPECS.find((s) => s.long === m[1]);
    if (!m || !spec || spec.flag) return `line ${n + 1}: unknown option ${m?.[1] ?? t}`;
    let value = m[2]!.trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value
        .slice(1, -1)
        .replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
    if (!raw.has(spec.name)) raw.set(spec.name, value);
  }
  return undefined;
}

function loginName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'root';
  }
}

export function parseClientArgs(argv: string[], home = os.homedir()): ParsedClientArgs {
  const raw: Raw = new Map();
  const { command, error } = parseArgs(argv, raw);
  if (error) return { ok: false, error };
  const configFile =
    (raw.get('configFile') as string | undefined) ?? path.join(home, '.paraslash', 'client.conf');
  let text: string | undefined;
  try {
    text = fs.readFileSync(configFile, 'utf8');
  } catch (err) {
    // a missing default config file is fine, a missing explicit one is not
    if (raw.has('configFile'))
      return { ok: false, error: `config file ${configFile}: ${(err as Error).message}` };
  }
  if (text !== undefined) {
    const bad = parseClientConfigFile(text, raw);
    if (bad) return { ok: false, error: `${configFile}: ${bad}` };
  }
  const port = Number(raw.get('serverPort') ?? 2990);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return { ok: false, error: `invalid port ${String(raw.get('serverPort'))}` };
  const level = String(raw.get('loglevel') ?? 'warning');
  const loglevel = CLIENT_LOGLEVELS.indexOf(level as (typeof CLIENT_LOGLEVELS)[number]);
  if (loglevel < 0) return { ok: false, error: `invalid loglevel ${level}` };
  const config: ClientConfig = {
    user: (raw.get('user') as string | undefined) ?? loginName(),
    keyFile: raw.get('keyFile') as string | undefined,
    hostname: (raw.get('hostname') as string | undefined) ?? 'localhost',
    serverPort: port,
    configFile,
    loglevel,
  };
  const exit = raw.has('help') ? 'help' : raw.has('version') ? 'version' : undefined;
  return exit ? { ok: true, config, command, exit } : { ok: true, config, command };
}

/** ~/.paraslash/key.<user> if it exists, else ~/.ssh/id_rsa */
export function defaultKeyFile(user: string, home = os.homedir()): string {
  const own = path.join(home, '.paraslash', `key.${user}`);
  return fs.existsSync(own) ? own : path.join(home, '.ssh', 'id_rsa');
}

/** Splits a line into words: whitespace separates, '...' and "..." quote, \ escapes. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let cur: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i]!;
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      cur ??= '';
    } else if (ch === '\\' && i + 1 < line.length) cur = (cur ?? '') + line[++i]!;
    else if (/\s/.test(ch)) {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
    } else cur = (cur ?? '') + ch;
  }
  if (cur !== undefined) words.push(cur);
  return words;
}
