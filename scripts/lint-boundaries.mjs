// The server's subsystems and what each may import (docs/architecture.md): dependencies point one
// way, from the doors (transports) to the commands, to afs and vss, to the database. Each entry
// lists what a folder of apps/server/src must NOT import; eslint.config.mjs turns them into
// import-x/no-restricted-paths zones.
const SRC = 'apps/server/src';

/** every subsystem folder, and the top-level modules that compose them */
const ALL = [
  'afs',
  'audience',
  'commands',
  'db',
  'leader',
  'library',
  'renditions',
  'requests',
  'schedule',
  'senders',
  'station',
  'status',
  'transports',
  'users',
  'vss',
  'web-auth',
  'app.ts',
  'core.ts',
  'main.ts',
  'playout-leader.ts',
  'hls-leader.ts',
  'schedule-actions.ts',
];

/** folder -> what it may import besides itself (top-level helpers such as errors.ts, log.ts,
 * event-loop.ts and config.ts are open to all) */
const ALLOWED = {
  db: [],
  status: [],
  users: [],
  'web-auth': ['db'],
  afs: ['db', 'status'],
  library: ['afs'],
  // the playout leader's election (issue #21): PostgreSQL alone
  leader: [],
  senders: ['afs'],
  // renditions: ffmpeg's encodings of files for the live mounts (they feed the senders' mounts)
  renditions: ['afs', 'db', 'senders'],
  vss: ['afs', 'senders', 'status', 'renditions'],
  schedule: ['afs', 'db'],
  station: ['db', 'afs', 'senders', 'status'],
  // the audience (issue #17): what the stream thread reports, into metrics and the database
  audience: ['afs', 'db', 'senders', 'vss'],
  commands: [
    'afs',
    'vss',
    'senders',
    'station',
    'status',
    'users',
    'renditions',
    'schedule',
    'audience',
    'requests',
    'leader',
  ],
  requests: ['afs', 'db'],
};

/** the doors: each stands alone; http composes the web doors (tRPC and socket.io) on one port */
const DOORS = {
  'transports/tcp': ['commands', 'status', 'users'],
  // what the two web doors share: services, running a command for a web user, jobs, status
  'transports/web': ['commands', 'status', 'web-auth'],
  'transports/trpc': ['commands', 'afs', 'library', 'status', 'web-auth', 'db', 'transports/web'],
  'transports/socket': ['commands', 'afs', 'status', 'web-auth', 'transports/web'],
  'transports/http': [
    'commands',
    'db',
    'station',
    'audience',
    'web-auth',
    'transports/web',
    'transports/trpc',
    'transports/socket',
  ],
};

function zone(target, allowed, why) {
  const from = ALL.filter((f) => f !== target.split('/')[0] && !allowed.includes(f));
  return {
    target: `${SRC}/${target}`,
    from: from.map((f) => `${SRC}/${f}`),
    message: why,
  };
}

export const serverBoundaries = [
  ...Object.entries(ALLOWED).map(([folder, allowed]) =>
    zone(
      folder,
      allowed,
      `${folder}/ may import only ${allowed.join(', ') || 'no other subsystem'} (docs/architecture.md)`,
    ),
  ),
  ...Object.entries(DOORS).map(([door, allowed]) => ({
    target: `${SRC}/${door}`,
    from: [
      ...ALL.filter((f) => f !== 'transports' && !allowed.includes(f)).map((f) => `${SRC}/${f}`),
      ...Object.keys(DOORS)
        .filter((d) => d !== door && !allowed.includes(d))
        .map((d) => `${SRC}/${d}`),
    ],
    message: `${door}/ may import only ${allowed.join(', ')} (docs/architecture.md)`,
  })),
];
