// Builds the addon with npm's bundled node-gyp (npm puts it on PATH for scripts; it needs
// python3, make and a C compiler, as better-sqlite3's build from source does). The addon is
// optional: when it cannot be built the HTTP sender writes through net.Socket, so a failed build
// says why and does not fail the build (the addon's own tests then fail, so CI notices).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const r = spawnSync('node-gyp', ['rebuild', '--release', '--loglevel=warn'], {
  stdio: 'inherit',
  shell: false,
});
if (r.status !== 0) {
  const why = r.error ? r.error.message : `node-gyp exited with ${r.status}`;
  fs.mkdirSync('build', { recursive: true });
  fs.writeFileSync('build/not-built.txt', `${why}\n`);
  console.warn(
    `@paraweb/sockwrite: the native addon was not built (${why}); ` +
      'the HTTP sender will write its listeners through net.Socket',
  );
}
