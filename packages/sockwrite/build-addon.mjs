// Builds the addon with npm's bundled node-gyp (npm puts it on PATH for scripts; it needs
// python3, make and a C compiler, as better-sqlite3's build from source does). The addon is
// optional: when it cannot be built the HTTP sender writes through net.Socket, so a failed build
// says why and does not fail the build (the addon's own tests then fail, so CI notices).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// node-gyp downloads Node's headers unless told where they are; this machine is offline but for
// the npm registry, and both Node's tarball and Debian's nodejs ship them beside the binary
const args = ['rebuild', '--release', '--loglevel=warn'];
const prefix = path.dirname(path.dirname(process.execPath));
if (!process.env.npm_config_nodedir && fs.existsSync(`${prefix}/include/node/node_api.h`))
  args.push(`--nodedir=${prefix}`);
const r = spawnSync('node-gyp', args, {
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
