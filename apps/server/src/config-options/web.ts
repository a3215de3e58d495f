// paraweb's own doors and services: the web API, the public station, the database, Redis,
// metrics and the audience.
import { DEFAULT_API_PORT } from '@paraweb/contracts';
import type { ServerOption } from './types.js';

export const WEB_OPTIONS: readonly ServerOption[] = [
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
    name: 'relay',
    type: 'list',
    default: [],
    help: '(paraweb) name=URL[,stats=URL]: an Icecast relay /listen may send listeners to (URL: its public mount; stats: its /status-json.xsl, the default, or http://admin:pw@host:port/admin/stats); repeatable',
  },
  {
    name: 'relay-interval',
    type: 'int',
    default: 5,
    help: "(paraweb) seconds between looks at the relays' stats",
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
  {
    name: 'node-name',
    type: 'string',
    help: '(paraweb) this process among the server processes on one PostgreSQL database, which elect one playout leader (the leader command, stat); default: hostname:pid',
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
