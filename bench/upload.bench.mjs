// Large uploads: the memory a para_server process needs to take a 60 MB `addimg` through the
// command port (para_client, stdin), alone and three at once. The server is the real one
// (dist/src/main.js) in a process of its own; its peak RSS (VmHWM, reset before each round) is
// read from /proc. Target: one upload adds at most 3x its size (the bytes in flight, the one copy
// the database write needs, and the write itself), three at once no more than one (uploads are
// taken one at a time). Run `npm run build` first.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const server = path.join(root, 'apps', 'server', 'dist');
const MB = 1024 * 1024;
const SIZE = Number(process.env.UPLOAD_MB ?? 60) * MB;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-upload-bench-'));
const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const key = path.join(dir, 'key');
fs.writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }));
fs.writeFileSync(`${key}.pub`, publicKey.export({ type: 'spki', format: 'pem' }));
fs.writeFileSync(path.join(dir, 'server.users'), `user bench ${key}.pub AFS_READ,AFS_WRITE\n`);

// a JPEG whose frame header comes first, followed by SIZE bytes of noise (valid as an image blob)
const jpeg = Buffer.from(
  'ffd8ffc0001108000800080301220002110103110100ffd9'.replace(/\s/g, ''),
  'hex',
);
const image = Buffer.concat([jpeg.subarray(0, -2), crypto.randomBytes(SIZE), jpeg.subarray(-2)]);
const imageFile = path.join(dir, 'big.jpg');
fs.writeFileSync(imageFile, image);

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const [port, httpPort, apiPort] = [await freePort(), await freePort(), await freePort()];
const child = spawn(
  process.execPath,
  [
    path.join(server, 'src', 'main.js'),
    ...['--afs-database-dir', path.join(dir, 'db'), '--user-list', path.join(dir, 'server.users')],
    ...['--port', port, '--http-port', httpPort, '--api-port', apiPort, '--loglevel', 'error'],
  ].map(String),
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
const pid = child.pid;
const memKb = (field) =>
  Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`))[1]);
const resetPeak = () => fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');

async function waitForPort() {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

function upload(name) {
  return new Promise((resolve, reject) => {
    const c = spawn(
      process.execPath,
      [
        path.join(server, 'bin', 'para-client.js'),
        ...['-u', 'bench', '-k', key, '-i', '127.0.0.1', '-p', String(port), 'addimg', name],
      ],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let err = '';
    c.stderr.on('data', (d) => (err += d));
    fs.createReadStream(imageFile).pipe(c.stdin);
    c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`addimg ${name}: ${err}`))));
  });
}

/**
 * Where the memory goes: the same write without the network, in a process of its own. Large
 * blobs are written in 1 MB pieces from one buffer the writer hands back (db/blob-io.ts), so
 * this part alone is a small fraction of the upload (it was about 2x when a blob was one row:
 * the SQLite driver copied the bytes when it bound them and SQLite again when it built the row).
 */
function writeAlone() {
  const script = `
    import fs from 'node:fs';
    const dist = ${JSON.stringify(path.join(server, 'src'))};
    const { openDatabase, migrate, openBlobIo } = await import(dist + '/db/index.js');
    const hwm = () => Number(/^VmHWM:\\s+(\\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);
    const db = await openDatabase('file:${path.join(dir, 'write.db')}');
    await migrate(db);
    const io = openBlobIo(db);
    await io.put('Lyrics', 'warm', { data: new Uint8Array(16) });
    const data = new Uint8Array(${SIZE}).fill(7);
    fs.writeFileSync('/proc/self/clear_refs', '5');
    const before = hwm();
    await io.put('Lyrics', 'big', { data }, true);
    console.log(String((hwm() - before) / 1024));
    await io.close();
    await db.close();
  `;
  const file = path.join(dir, 'write.mjs');
  fs.writeFileSync(file, script);
  return Number(execFileSync(process.execPath, [file], { encoding: 'utf8' }).trim());
}

async function round(label, n) {
  // settle: the previous round's garbage is collected when the server is idle for a moment
  await new Promise((r) => setTimeout(r, 3000));
  const before = memKb('VmRSS');
  resetPeak();
  const t = performance.now();
  await Promise.all(Array.from({ length: n }, (_, i) => upload(`${label}-${i}`)));
  const ms = performance.now() - t;
  const peak = memKb('VmHWM');
  const added = (peak - before) / 1024;
  console.log(
    `${label}: ${n} x ${SIZE / MB} MB in ${(ms / 1000).toFixed(1)} s; RSS before ${(before / 1024).toFixed(0)} MB, peak ${(peak / 1024).toFixed(0)} MB: +${added.toFixed(0)} MB (${(added / (SIZE / MB)).toFixed(1)}x one upload)`,
  );
  return added;
}

try {
  await waitForPort();
  console.log(`upload benchmark: addimg of ${SIZE / MB} MB over the command port (para_client)`);
  const one = await round('one upload', 1);
  const three = await round('three at once', 3);
  const budget = (3 * SIZE) / MB;
  const write = writeAlone();
  console.log(
    `the database write alone (db/blob-io.ts put, data handed over): +${write.toFixed(0)} MB over the ${SIZE / MB} MB in memory (${(write / (SIZE / MB)).toFixed(1)}x)`,
  );
  console.log(
    `target: one upload <= +${budget} MB: ${one <= budget ? 'met' : 'MISSED'}; three at once <= +${budget} MB: ${three <= budget ? 'met' : 'MISSED'}`,
  );
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  fs.rmSync(dir, { recursive: true, force: true });
}
