// The only reader of argv, the config file and the environment. Command line options win over
// the config file (lopsub syntax: "name value" per line, # comments); every problem is listed.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ServerOption } from './config-options.js';
import { LOGLEVELS, SERVER_OPTIONS } from './config-options.js';
import { NODE_NAME } from './leader/index.js';
import { RelayListSchema } from './relays/index.js';
import { isValidZone } from './schedule/zoned.js';

type RawValue = string | boolean | string[];
type RawOptions = Map<string, RawValue>;

const port = z.coerce.number().int().min(0).max(65535);
const toList = (v: unknown): unknown => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** a webhook target: http or https, nothing else (a typo fails at start, not at the first event) */
const webhookUrl = z.string().refine((u) => {
  try {
    const url = new URL(u);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}, 'must be an http:// or https:// URL');

export const ConfigSchema = z.object({
  configFile: z.string(),
  loglevel: z.enum(LOGLEVELS),
  logfile: z.string().optional(),
  logTiming: z.boolean(),
  port,
  listenAddress: z.preprocess(toList, z.array(z.string())),
  userList: z.string(),
  autoplay: z.boolean(),
  autoplayDelay: z.coerce.number().int().min(0),
  announceTime: z.coerce.number().int().min(0),
  afsDatabaseDir: z.string().min(1),
  afsInitialMode: z
    .string()
    .regex(/^[mp]\/.+$/, 'must look like m/<mood> or p/<playlist>')
    .optional(),
  scheduleTimezone: z
    .string()
    .refine((z) => isValidZone(z), 'must be an IANA time zone such as Europe/Berlin')
    .optional(),
  requestAttribute: z.string().min(1),
  requestMood: z.string().min(1).optional(),
  requestAutoApprove: z.boolean(),
  requestInterval: z.coerce.number().int().min(0).max(1440),
  requestRepeatMinutes: z.coerce.number().int().min(0).max(100_000),
  requestMaxPending: z.coerce.number().int().min(1).max(1000),
  afsWatch: z.preprocess(
    toList,
    z.array(z.string().refine((p) => p.startsWith('/'), 'must be an absolute path')),
  ),
  afsWatchSettle: z.coerce.number().int().min(0),
  afsWatchScanInterval: z.coerce.number().int().min(1),
  afsWatchScanOnly: z.boolean(),
  afsMissingGrace: z.coerce.number().int().min(0),
  uploadDir: z
    .string()
    .refine((p) => p.startsWith('/'), 'must be an absolute path')
    .optional(),
  uploadSubdir: z.enum(['user', 'date', 'none']),
  uploadMaxSize: z.coerce.number().int().min(1),
  uploadDailyLimit: z.coerce.number().int().min(1),
  uploadExtensions: z.preprocess(
    toList,
    z.array(z.string().regex(/^\.?[A-Za-z0-9]{1,10}$/, 'must be an extension like mp3')),
  ),
  uploadMinFree: z.coerce.number().int().min(0),
  httpListenAddress: z.preprocess(toList, z.array(z.string())),
  httpPort: port,
  httpDefaultDeny: z.boolean(),
  httpAccess: z.preprocess(
    toList,
    z.array(z.string().regex(/^[\d.]+(\/\d{1,2})?$/, 'must be a.b.c.d/n')),
  ),
  httpNoAutostart: z.boolean(),
  httpMaxClients: z.coerce.number().int().min(-1),
  httpMaxConnections: z.coerce.number().int().min(-1),
  httpMaxConnectionsPerAddress: z.coerce.number().int().min(-1),
  httpMaxLag: z.coerce.number().int().min(1),
  httpFlushMs: z.coerce.number().int().min(100).max(5000),
  hlsDisable: z.boolean(),
  hlsTargetDuration: z.coerce.number().int().min(2).max(10),
  hlsListSize: z.coerce.number().int().min(3).max(100),
  hlsDir: z.string().min(1).optional(),
  httpNoLiveMp3: z.boolean(),
  httpLiveAac: z.boolean(),
  httpLiveOpus: z.boolean(),
  httpLiveMp3Bitrate: z.coerce.number().int().min(8).max(320),
  httpLiveAacBitrate: z.coerce.number().int().min(8).max(512),
  httpLiveOpusBitrate: z.coerce.number().int().min(6).max(510),
  httpLiveRate: z.coerce
    .number()
    .int()
    .refine((r) => r === 44100 || r === 48000, 'must be 44100 or 48000'),
  httpLiveChannels: z.coerce.number().int().min(1).max(2),
  renditionCacheSize: z.coerce.number().int().min(1),
  renditionJobs: z.coerce.number().int().min(1).max(16),
  renditionLoudness: z.coerce.number().int().min(-70).max(-5),
  renditionTruePeak: z.coerce.number().int().min(-9).max(0),
  renditionNoLevel: z.boolean(),
  renditionLevelPassthrough: z.boolean(),
  udpTarget: z.preprocess(toList, z.array(z.string())),
  udpDefaultPort: port,
  udpNoAutostart: z.boolean(),
  udpMcastIface: z.string().optional(),
  udpHeaderInterval: z.coerce.number().int().min(1),
  udpTtl: z.coerce.number().int().min(0).max(255),
  icecastTarget: z.preprocess(toList, z.array(z.string())),
  icecastStandbyTarget: z.preprocess(toList, z.array(z.string())),
  icecastAdmin: z
    .string()
    .regex(/^[^:]+:.+$/, 'must be user:password')
    .optional(),
  icecastNoAutostart: z.boolean(),
  icecastName: z.string(),
  icecastDescription: z.string().optional(),
  icecastPublic: z.boolean(),
  apiPort: port,
  apiListenAddress: z.string(),
  stationName: z.string().trim().min(1, 'must not be empty').max(100, 'at most 100 characters'),
  stationDescription: z.string().max(1000, 'at most 1000 characters'),
  stationArtwork: z.string().min(1).max(255).optional(),
  publicOff: z.boolean(),
  publicListeners: z.boolean(),
  publicNext: z.boolean(),
  publicMaxEvents: z.coerce.number().int().min(0).max(1_000_000),
  publicRateLimit: z.coerce.number().int().min(0).max(1_000_000),
  relay: z.preprocess(toList, RelayListSchema),
  relayInterval: z.coerce.number().int().min(1).max(3600),
  databaseUrl: z.string(),
  /** REDIS_URL: server processes on one database keep in step and share live events (afs/sync) */
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  redisPrefix: z
    .string()
    .regex(/^[\w.:-]{1,100}$/, 'letters, digits and . _ : - only (at most 100)'),
  /** the playout leader's election (PostgreSQL): this process's name among the nodes */
  nodeName: z.string().regex(NODE_NAME, '1-55 printable ASCII characters, no spaces').optional(),
  /** PARAWEB_ALLOWED_ORIGINS: browser origins allowed to use the web API with cookies */
  allowedOrigins: z.array(z.string().url('must be an origin like http://host:3000')).optional(),
  user: z.string().optional(),
  group: z.string().optional(),
  priority: z.coerce.number().int().min(-20).max(19),
  // the audience (issue #17)
  metricsToken: z.string().min(16, 'at least 16 characters').optional(),
  metricsPort: port,
  metricsListenAddress: z.string(),
  deadAir: z.coerce.number().int().min(1).max(3600),
  audienceAddresses: z.enum(['truncated', 'whole', 'none']),
  audienceMinuteDays: z.coerce.number().int().min(0),
  audienceSessionDays: z.coerce.number().int().min(0),
  webhookUrl: z.preprocess(toList, z.array(webhookUrl)),
  webhookSecret: z.string().optional(),
  webhookListeners: z.preprocess(
    toList,
    z.array(z.coerce.number().int().min(1)).max(20, 'at most 20 thresholds'),
  ),
});
export type Config = z.infer<typeof ConfigSchema>;

export type ConfigResult =
  | { ok: true; config: Config; warnings: string[] }
  | { ok: false; errors: string[] }
  | { ok: true; exit: 'help' | 'detailed-help' | 'version' };

const camel = (name: string): string =>
  name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function put(raw: RawOptions, opt: ServerOption, value: string | true): void {
  if (opt.type === 'list') {
    const prev = raw.get(opt.name);
    raw.set(opt.name, [...(Array.isArray(prev) ? prev : []), String(value)]);
  } else raw.set(opt.name, value);
}

export function parseCommandLine(argv: string[], errors: string[]): RawOptions {
  const raw: RawOptions = new Map();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    let opt: ServerOption | undefined;
    let inline: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      inline = eq < 0 ? undefined : a.slice(eq + 1);
      opt = SERVER_OPTIONS.find((o) => o.name === name);
      if (!opt) {
        errors.push(`unknown option --${name}`);
        continue;
      }
    } else if (/^-[A-Za-z]/.test(a)) {
      opt = SERVER_OPTIONS.find((o) => o.short === a[1]);
      inline = a.length > 2 ? a.slice(2) : undefined;
      if (!opt) {
        errors.push(`unknown option ${a.slice(0, 2)}`);
        continue;
      }
    } else {
      errors.push(`unexpected argument ${a}`);
      continue;
    }
    if (opt.type === 'flag') {
      if (inline !== undefined) errors.push(`option --${opt.name} takes no argument`);
      put(raw, opt, true);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) errors.push(`option --${opt.name} requires an argument`);
    else put(raw, opt, value);
  }
  return raw;
}

/** lopsub config syntax; only the part before the first [section] applies to the server */
export function parseConfigFile(text: string, file: string, errors: string[]): RawOptions {
  const raw: RawOptions = new Map();
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) break;
    const m = /^([A-Za-z0-9_-]+)\s*(?:=\s*|\s+)?(.*)$/.exec(line);
    const name = m?.[1]?.replace(/_/g, '-');
    const opt = SERVER_OPTIONS.find((o) => o.name === name);
    if (!m || !opt) {
      errors.push(`${file}:${n + 1}: unknown option ${name ?? line}`);
      continue;
    }
    let value = m[2] ?? '';
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
      value = value
        .slice(1, -1)
        .replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t' })[c] ?? c);
    }
    if (opt.type === 'flag') {
      if (value !== '') errors.push(`${file}:${n + 1}: option ${opt.name} takes no argument`);
      put(raw, opt, true);
    } else if (value === '')
      errors.push(`${file}:${n + 1}: option ${opt.name} requires an argument`);
    else put(raw, opt, value);
  }
  return raw;
}

export interface LoadOptions {
  /** SIGHUP / hup: the config file is read again and wins over the command line, as
   * para_server's reload does (docs/paraslash/server-options.md §2) */
  reload?: boolean;
}

export function loadConfig(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  opts: LoadOptions = {},
): ConfigResult {
  const errors: string[] = [];
  const cli = parseCommandLine(argv, errors);
  // a bad command line fails even with --help (lopsub's parser fails before help is looked at);
  // the problems of the whole configuration are listed then
  if (errors.length === 0) {
    if (cli.has('help')) return { ok: true, exit: 'help' };
    if (cli.has('detailed-help')) return { ok: true, exit: 'detailed-help' };
    if (cli.has('version')) return { ok: true, exit: 'version' };
  }
  const defaultFile = SERVER_OPTIONS.find((o) => o.name === 'config-file')!.default as string;
  const configFile = (cli.get('config-file') as string | undefined) ?? defaultFile;
  let fromFile: RawOptions = new Map();
  if (fs.existsSync(configFile)) {
    fromFile = parseConfigFile(fs.readFileSync(configFile, 'utf8'), configFile, errors);
  } else if (cli.has('config-file')) errors.push(`config file ${configFile} not found`);

  const merged: Record<string, unknown> = {};
  const warnings: string[] = [];
  const [first, second] = opts.reload ? [fromFile, cli] : [cli, fromFile];
  for (const opt of SERVER_OPTIONS) {
    const value =
      first.get(opt.name) ??
      second.get(opt.name) ??
      opt.default ??
      (opt.type === 'flag' ? false : undefined);
    if (value === undefined) continue;
    if (opt.unsupported && (cli.has(opt.name) || fromFile.has(opt.name))) {
      warnings.push(`option --${opt.name} has no effect: ${opt.unsupported}`);
    }
    merged[camel(opt.name)] = value;
  }
  merged.configFile = configFile;
  const dir = typeof merged.afsDatabaseDir === 'string' ? merged.afsDatabaseDir : '';
  merged.databaseUrl ??= env.DATABASE_URL ?? `file:${path.join(dir, 'paraweb.db')}`;
  if (env.REDIS_URL) merged.redisUrl ??= env.REDIS_URL;
  if (env.PARAWEB_ALLOWED_ORIGINS)
    merged.allowedOrigins = env.PARAWEB_ALLOWED_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean);
  const result = ConfigSchema.safeParse(merged);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '');
      const name = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      errors.push(`--${name}: ${issue.message}`);
    }
  }
  if (errors.length > 0 || !result.success) return { ok: false, errors };
  return { ok: true, config: result.data, warnings };
}

export function helpText(detailed: boolean): string {
  const lines = ['Usage: para_server [options]', ''];
  for (const o of SERVER_OPTIONS) {
    if (!detailed && o.unsupported) continue;
    const arg = o.type === 'flag' ? '' : o.type === 'int' ? ' <num>' : ' <value>';
    const flags = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${arg}`;
    const def =
      o.default !== undefined &&
      o.type !== 'flag' &&
      !(Array.isArray(o.default) && o.default.length === 0)
        ? ` (default: ${String(o.default)})`
        : '';
    lines.push(
      `  ${flags.padEnd(34)} ${o.help}${def}${o.unsupported && detailed ? ` [no effect: ${o.unsupported}]` : ''}`,
    );
  }
  lines.push(
    '',
    'Environment: DATABASE_URL (postgresql://... selects PostgreSQL), REDIS_URL (share live',
    'events with other server processes), PARAWEB_ALLOWED_ORIGINS (comma-separated browser',
    'origins allowed to use the web API; default: the API host name on any port).',
  );
  return lines.join('\n') + '\n';
}
