// Every option of para_server that paraweb knows (docs/paraslash/server-options.md), with paraslash's names and
// defaults, plus paraweb's own (marked). This table is the one place options are documented.
import { DEFAULT_API_PORT } from '@paraweb/contracts';
import os from 'node:os';
import path from 'node:path';

export type OptionType = 'flag' | 'string' | 'int' | 'list';

export interface ServerOption {
  name: string;
  short?: string;
  type: OptionType;
  default?: string | number | boolean | string[];
  help: string;
  /** accepted for compatibility, but without effect in paraweb (the reason is printed) */
  unsupported?: string;
}

const home = os.homedir();
export const LOGLEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'crit', 'emerg'] as const;

export const SERVER_OPTIONS: readonly ServerOption[] = [
  { name: 'help', short: 'h', type: 'flag', help: 'print help and exit' },
  { name: 'detailed-help', type: 'flag', help: 'print help with all options and exit' },
  { name: 'version', short: 'V', type: 'flag', help: 'print the version and exit' },
  {
    name: 'config-file',
    short: 'c',
    type: 'string',
    default: path.join(home, '.paraslash', 'server.conf'),
    help: 'config file',
  },
  {
    name: 'loglevel',
    short: 'l',
    type: 'string',
    default: 'warning',
    help: `one of ${LOGLEVELS.join(', ')}`,
  },
  {
    name: 'logfile',
    short: 'L',
    type: 'string',
    help: 'log to this file instead of stderr (reopened on SIGHUP)',
  },
  {
    name: 'daemon',
    short: 'd',
    type: 'flag',
    help: 'run in the background',
    unsupported: 'run paraweb under a service manager instead',
  },
  { name: 'priority', type: 'int', default: 0, help: 'nice value of the server' },
  {
    name: 'user',
    short: 'u',
    type: 'string',
    help: 'drop privileges to this user when started as root',
    unsupported: 'start paraweb as its own user (e.g. User= of a systemd unit)',
  },
  {
    name: 'group',
    short: 'g',
    type: 'string',
    help: 'set this group when dropping privileges',
    unsupported: 'start paraweb as its own user (e.g. Group= of a systemd unit)',
  },
  {
    name: 'log-timing',
    short: 'T',
    type: 'flag',
    help: 'prefix log lines with timing information',
    unsupported: 'every log line carries its time (JSON field "time")',
  },
  {
    name: 'color',
    type: 'string',
    default: 'auto',
    help: 'colored log output: auto, always or never',
    unsupported: 'log lines are JSON, without colors',
  },
  {
    name: 'log-color',
    type: 'list',
    default: [],
    help: 'color of one log level, e.g. "error:red bold" (repeatable)',
    unsupported: 'log lines are JSON, without colors',
  },
  {
    name: 'listen-address',
    type: 'list',
    default: [],
    help: 'addresses of the command port (default: all)',
  },
  { name: 'port', short: 'p', type: 'int', default: 2990, help: 'TCP port of the command service' },
  {
    name: 'user-list',
    type: 'string',
    default: path.join(home, '.paraslash', 'server.users'),
    help: 'user list file',
  },
  { name: 'autoplay', short: 'a', type: 'flag', help: 'start playing on startup' },
  {
    name: 'autoplay-delay',
    type: 'int',
    default: 0,
    help: 'with --autoplay: milliseconds to wait first',
  },
  {
    name: 'announce-time',
    short: 'A',
    type: 'int',
    default: 300,
    help: 'milliseconds between announcing a stream and its first chunk',
  },
  {
    name: 'afs-database-dir',
    short: 'D',
    type: 'string',
    default: path.join(home, '.paraslash', 'afs_database-0.4'),
    help: 'where the embedded SQLite database lives',
  },
  {
    name: 'afs-socket',
    type: 'string',
    help: 'local afs socket',
    unsupported: 'afs runs inside the server process',
  },
  {
    name: 'afs-initial-mode',
    short: 'i',
    type: 'string',
    help: 'mood (m/name) or playlist (p/name) to select at startup',
  },
  {
    name: 'schedule-timezone',
    type: 'string',
    help: "(paraweb) IANA time zone of the schedule's times, e.g. Europe/Berlin (default: the system's)",
  },
  {
    name: 'request-attribute',
    type: 'string',
    default: 'requestable',
    help: '(paraweb) listeners may request the files with this attribute',
  },
  {
    name: 'request-mood',
    type: 'string',
    help: '(paraweb) listeners may also request the files this mood admits',
  },
  {
    name: 'request-auto-approve',
    type: 'flag',
    help: "(paraweb) listeners' requests are queued at once, without an operator's approval",
  },
  {
    name: 'request-interval',
    type: 'int',
    default: 10,
    help: '(paraweb) minutes between two requests of one listener, and of one address',
  },
  {
    name: 'request-repeat-minutes',
    type: 'int',
    default: 60,
    help: '(paraweb) a file played or requested this many minutes ago cannot be requested',
  },
  {
    name: 'request-max-pending',
    type: 'int',
    default: 10,
    help: '(paraweb) at most this many requests wait to be played',
  },
  {
    name: 'afs-watch',
    type: 'list',
    default: [],
    help: '(paraweb) a folder whose new, changed, moved and deleted audio files afs follows by itself (repeatable)',
  },
  {
    name: 'afs-watch-settle',
    type: 'int',
    default: 5000,
    help: '(paraweb) milliseconds a watched file must stay unwritten before it is added',
  },
  {
    name: 'afs-watch-scan-interval',
    type: 'int',
    default: 600,
    help: '(paraweb) seconds between scans of watched folders the kernel cannot watch (network file systems, too few inotify watches)',
  },
  {
    name: 'afs-watch-scan-only',
    type: 'flag',
    help: '(paraweb) scan watched folders periodically instead of asking the kernel for events',
  },
  {
    name: 'afs-missing-grace',
    type: 'int',
    default: 604800,
    help: '(paraweb) seconds the row of a file gone from a watched folder is kept (not played) in case it comes back',
  },
  {
    name: 'upload-dir',
    type: 'string',
    help: '(paraweb) folder of browser uploads (tus, /api/uploads); unset: uploads are off',
  },
  {
    name: 'upload-subdir',
    type: 'string',
    default: 'user',
    help: '(paraweb) sub-folder of each upload: user (the uploader), date (YYYY-MM-DD) or none',
  },
  {
    name: 'upload-max-size',
    type: 'int',
    default: 2048,
    help: '(paraweb) MB one uploaded file may have',
  },
  {
    name: 'upload-daily-limit',
    type: 'int',
    default: 20480,
    help: '(paraweb) MB one user may upload per day',
  },
  {
    name: 'upload-extensions',
    type: 'list',
    default: [],
    help: '(paraweb) file extensions uploads accept (repeatable; default: those of the audio formats)',
  },
  {
    name: 'upload-min-free',
    type: 'int',
    default: 1024,
    help: '(paraweb) MB of disk space an upload must leave free',
  },
  {
    name: 'http-listen-address',
    type: 'list',
    default: [],
    help: 'addresses of the HTTP sender (default: all)',
  },
  { name: 'http-port', type: 'int', default: 8000, help: 'port of the HTTP sender' },
  { name: 'http-default-deny', type: 'flag', help: 'the HTTP access list is an allow list' },
  {
    name: 'http-access',
    type: 'list',
    default: [],
    help: 'a.b.c.d/n entries of the HTTP access list',
  },
  { name: 'http-no-autostart', type: 'flag', help: 'do not start the HTTP sender' },
  {
    name: 'http-max-clients',
    type: 'int',
    default: -1,
    help: 'maximal number of HTTP listeners (-1: unlimited)',
  },
  {
    name: 'http-max-connections',
    type: 'int',
    default: 0,
    help: 'connections the HTTP port holds at once (0: the open-file limit less 256; -1: unlimited)',
  },
  {
    name: 'http-max-connections-per-address',
    type: 'int',
    default: 256,
    help: 'connections the HTTP port holds from one address (-1: unlimited)',
  },
  {
    name: 'http-max-lag',
    type: 'int',
    default: 30,
    help: 'seconds an HTTP listener may fall behind the stream before it is dropped',
  },
  {
    name: 'hls-disable',
    type: 'flag',
    help: '(paraweb) do not serve the live mounts as HLS under /hls/ on the HTTP port',
  },
  {
    name: 'hls-target-duration',
    type: 'int',
    default: 4,
    help: '(paraweb) HLS segment length in seconds, 2-10',
  },
  {
    name: 'hls-list-size',
    type: 'int',
    default: 6,
    help: '(paraweb) segments listed in an HLS media playlist (as many again are kept for late joiners)',
  },
  {
    name: 'hls-dir',
    type: 'string',
    help: '(paraweb) also write the HLS segments and playlists to this directory',
  },
  {
    name: 'http-no-live-mp3',
    type: 'flag',
    help: '(paraweb) do not serve the live mount /live.mp3 (every file as MP3, never ending)',
  },
  {
    name: 'http-live-aac',
    type: 'flag',
    help: '(paraweb) serve the live mount /live.aac (every file as AAC-LC in ADTS)',
  },
  {
    name: 'http-live-opus',
    type: 'flag',
    help: '(paraweb) serve the live mount /live.opus (every file as Opus, one Ogg stream)',
  },
  {
    name: 'http-live-mp3-bitrate',
    type: 'int',
    default: 128,
    help: '(paraweb) kbit/s of /live.mp3',
  },
  {
    name: 'http-live-aac-bitrate',
    type: 'int',
    default: 128,
    help: '(paraweb) kbit/s of /live.aac',
  },
  {
    name: 'http-live-opus-bitrate',
    type: 'int',
    default: 128,
    help: '(paraweb) kbit/s of /live.opus',
  },
  {
    name: 'http-live-rate',
    type: 'int',
    default: 44100,
    help: '(paraweb) sample rate (Hz) of /live.mp3 and /live.aac: 44100 or 48000 (Opus: always 48000)',
  },
  {
    name: 'http-live-channels',
    type: 'int',
    default: 2,
    help: '(paraweb) channels of the live mounts: 1 or 2',
  },
  {
    name: 'rendition-cache-size',
    type: 'int',
    default: 2048,
    help: '(paraweb) MiB of renditions kept under <afs-database-dir>/renditions; the least recently used go first',
  },
  {
    name: 'rendition-jobs',
    type: 'int',
    default: 1,
    help: '(paraweb) renditions made at once (each one niced ffmpeg process)',
  },
  {
    name: 'rendition-loudness',
    type: 'int',
    default: -16,
    help: '(paraweb) integrated loudness (LUFS, EBU R128) renditions are levelled to',
  },
  {
    name: 'rendition-true-peak',
    type: 'int',
    default: -1,
    help: '(paraweb) true peak ceiling (dBTP) of levelled renditions',
  },
  {
    name: 'rendition-no-level',
    type: 'flag',
    help: '(paraweb) do not level renditions (their loudness is still measured)',
  },
  {
    name: 'rendition-level-passthrough',
    type: 'flag',
    help: "(paraweb) render files already in a mount's format too, so that they are levelled",
  },
  {
    name: 'dccp-listen-address',
    type: 'list',
    default: [],
    help: 'DCCP sender addresses',
    unsupported: 'Node cannot open DCCP sockets',
  },
  {
    name: 'dccp-port',
    type: 'int',
    default: 8000,
    help: 'DCCP sender port',
    unsupported: 'Node cannot open DCCP sockets',
  },
  {
    name: 'dccp-default-deny',
    type: 'flag',
    help: 'DCCP access list mode',
    unsupported: 'Node cannot open DCCP sockets',
  },
  {
    name: 'dccp-access',
    type: 'list',
    default: [],
    help: 'DCCP access list',
    unsupported: 'Node cannot open DCCP sockets',
  },
  {
    name: 'dccp-no-autostart',
    type: 'flag',
    help: 'do not start the DCCP sender',
    unsupported: 'Node cannot open DCCP sockets',
  },
  {
    name: 'dccp-max-clients',
    type: 'int',
    default: -1,
    help: 'DCCP listeners limit',
    unsupported: 'Node cannot open DCCP sockets',
  },
  {
    name: 'dccp-max-slice-size',
    type: 'int',
    default: 0,
    help: 'DCCP slice size',
    unsupported: 'Node cannot open DCCP sockets',
  },
  {
    name: 'dccp-data-slices-per-group',
    type: 'int',
    default: 3,
    help: 'DCCP FEC data slices',
    unsupported: 'Node cannot open DCCP sockets',
  },
  {
    name: 'dccp-slices-per-group',
    type: 'int',
    default: 4,
    help: 'DCCP FEC slices',
    unsupported: 'Node cannot open DCCP sockets',
  },
  {
    name: 'udp-target',
    type: 'list',
    default: [],
    help: 'host[:port][/mps:k:n] targets of the UDP sender',
  },
  {
    name: 'udp-default-port',
    type: 'int',
    default: 8000,
    help: 'UDP port for targets without one',
  },
  { name: 'udp-no-autostart', type: 'flag', help: 'do not start the UDP sender' },
  { name: 'udp-mcast-iface', type: 'string', help: 'interface for multicast' },
  {
    name: 'udp-header-interval',
    type: 'int',
    default: 2000,
    help: 'milliseconds between header re-sends',
  },
  { name: 'udp-ttl', type: 'int', default: 1, help: 'time to live of UDP packets' },
  {
    name: 'icecast-target',
    type: 'list',
    default: [],
    help: '(paraweb) icecast://[user:]password@host[:port]/mount sources for Icecast 2.4',
  },
  {
    name: 'icecast-admin',
    type: 'string',
    help: '(paraweb) user:password for Icecast title updates (default: the source login)',
  },
  { name: 'icecast-no-autostart', type: 'flag', help: '(paraweb) do not start the Icecast sender' },
  {
    name: 'icecast-name',
    type: 'string',
    default: 'paraweb',
    help: '(paraweb) stream name Icecast shows (ice-name)',
  },
  {
    name: 'icecast-description',
    type: 'string',
    help: '(paraweb) stream description Icecast shows (ice-description)',
  },
  {
    name: 'icecast-public',
    type: 'flag',
    help: '(paraweb) let Icecast list the stream in directories (ice-public)',
  },
  // paraweb's own
  {
    name: 'api-port',
    type: 'int',
    default: DEFAULT_API_PORT,
    help: '(paraweb) port of the web API: tRPC and live status',
  },
  {
    name: 'api-listen-address',
    type: 'string',
    default: '0.0.0.0',
    help: '(paraweb) address of the web API',
  },
  {
    name: 'station-name',
    type: 'string',
    default: 'paraweb',
    help: "(paraweb) the public station's name (/listen, /api/nowplaying); the dashboard may change it",
  },
  {
    name: 'station-description',
    type: 'string',
    default: '',
    help: "(paraweb) the public station's description",
  },
  {
    name: 'station-artwork',
    type: 'string',
    help: "(paraweb) name of an image (addimg) shown as the public station's artwork",
  },
  {
    name: 'public-off',
    type: 'flag',
    help: '(paraweb) no public routes: /api/nowplaying, its events and covers answer 404, whatever the dashboard says',
  },
  {
    name: 'public-listeners',
    type: 'flag',
    help: '(paraweb) publish the number of listeners in /api/nowplaying',
  },
  {
    name: 'public-next',
    type: 'flag',
    help: '(paraweb) publish the file that plays next in /api/nowplaying',
  },
  {
    name: 'public-max-events',
    type: 'int',
    default: 1000,
    help: '(paraweb) at most this many open /api/nowplaying/events connections (server-sent events)',
  },
  {
    name: 'public-rate-limit',
    type: 'int',
    default: 300,
    help: '(paraweb) public API requests per minute from one address; 0: no limit',
  },
  {
    name: 'database-url',
    type: 'string',
    help: '(paraweb) database URL; overrides DATABASE_URL; default: SQLite in --afs-database-dir',
  },
  {
    name: 'redis-url',
    type: 'string',
    help: '(paraweb) redis:// URL: server processes on one database keep in step and share live events; overrides REDIS_URL',
  },
  {
    name: 'redis-prefix',
    type: 'string',
    default: 'paraweb',
    help: '(paraweb) the Redis channel prefix: one per installation sharing a Redis',
  },
  // the audience (issue #17): metrics, health, listener sessions, play history, webhooks
  {
    name: 'metrics-token',
    type: 'string',
    help: '(paraweb) GET /metrics wants "Authorization: Bearer <token>" (default: open)',
  },
  {
    name: 'metrics-port',
    type: 'int',
    default: 0,
    help: '(paraweb) serve /metrics on a port of its own instead of the API port (0: the API port)',
  },
  {
    name: 'metrics-listen-address',
    type: 'string',
    default: '127.0.0.1',
    help: '(paraweb) address of --metrics-port',
  },
  {
    name: 'dead-air',
    type: 'int',
    default: 10,
    help: '(paraweb) seconds without a chunk while playing before dead air is reported',
  },
  {
    name: 'audience-addresses',
    type: 'string',
    default: 'truncated',
    help: '(paraweb) listener addresses stored: truncated (IPv4 /24, IPv6 /48), whole or none',
  },
  {
    name: 'audience-minute-days',
    type: 'int',
    default: 90,
    help: '(paraweb) days per-minute listener counts are kept (0: for ever; hours are kept for ever)',
  },
  {
    name: 'audience-session-days',
    type: 'int',
    default: 365,
    help: '(paraweb) days listener sessions are kept (0: for ever)',
  },
  {
    name: 'webhook-url',
    type: 'list',
    default: [],
    help: '(paraweb) http(s) URL to POST events to (file change, dead air, listener thresholds)',
  },
  {
    name: 'webhook-secret',
    type: 'string',
    help: "(paraweb) key of the webhooks' HMAC-SHA256 signature (X-Paraweb-Signature)",
  },
  {
    name: 'webhook-listeners',
    type: 'list',
    default: [],
    help: '(paraweb) listener counts whose crossing (up or down) is posted to the webhooks',
  },
];

/** For the CLI tools: server options come first; the first word that is not one starts the command. */
export function splitServerArgs(argv: string[]): { serverArgs: string[]; command: string[] } {
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return { serverArgs: argv.slice(0, i), command: argv.slice(i + 1) };
    if (!a.startsWith('-')) break;
    const name = a.startsWith('--') ? a.slice(2).split('=')[0] : undefined;
    const opt = SERVER_OPTIONS.find((o) => (name ? o.name === name : o.short === a[1]));
    const hasInline = a.includes('=') || (!name && a.length > 2);
    if (opt && opt.type !== 'flag' && !hasInline) i++;
  }
  return { serverArgs: argv.slice(0, i), command: argv.slice(i) };
}
