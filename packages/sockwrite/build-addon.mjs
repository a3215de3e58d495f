// Builds the addon with npm's bundled node-gyp (npm puts it on PATH for scripts; it needs
// python3, make and a C compiler, as better-sqlite3's build from source does). The addon is
// optional: when it cannot be built the HTTP sender writes through net.Socket, so a failed build
// says why and does not fail the build (the addon's own tests then fail, so CI notices).
// turbo does not cache this task (turbo.json): a build that failed for want of a compiler was
// restored from its cache once the compiler was there. So this script skips node-gyp itself when
// both modules are newer than every source.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const MODULES = ['build/Release/sockwrite.node', 'build/Release/memory.node'];
const SOURCES = ['binding.gyp', ...fs.readdirSync('src').map((f) => `src/${f}`)].filter((f) =>
  /\.(gyp|c|cc|h)$/.test(f),
);
const mtime = (f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : -Infinity);
const newest = Math.max(...SOURCES.map(mtime));
if (MODULES.every((m) => mtime(m) > newest)) {
  console.log('@paraweb/sockwrite: the native addon is up to date');
  process.exit(0);
}

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
} else fs.rmSync('build/not-built.txt', { force: true });
