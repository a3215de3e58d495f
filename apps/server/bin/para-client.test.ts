// para_client as a process: options, config file and default key, output bands, stdin as blob
// data, exit codes; and against a real para_server process: hup, si, term.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../test/db.js';
import { freePort, startServer, waitFor } from '../test/spawn.js';
import type { KeyFiles, TestServer } from '../src/transports/tcp/test-util.js';
import { sshKeygen, startTestServer } from '../src/transports/tcp/test-util.js';

const CLIENT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'para-client.js');
const ALL = 'AFS_READ,AFS_WRITE,VSS_READ,VSS_WRITE';

interface Ran {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Binary-safe run of para_client with its own HOME. */
function client(args: string[], opts: { home: string; input?: Uint8Array }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLIENT, ...args], {
      env: { ...process.env, HOME: opts.home, USER: 'nobody-here' },
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
    child.stdin.end(opts.input);
  });
}

describe('para_client', () => {
  const dir = tempDir('paraweb-client-');
  const home = path.join(dir, 'home');
  let pem: KeyFiles;
  let openssh: KeyFiles;
  let stranger: KeyFiles;
  let t: TestServer;
  let common: string[];

  before(async () => {
    fs.mkdirSync(path.join(home, '.paraslash'), { recursive: true });
    pem = sshKeygen(dir, 'pem', 'pem');
    openssh = sshKeygen(dir, 'openssh', 'openssh');
    stranger = sshKeygen(dir, 'stranger', 'openssh');
    t = await startTestServer([`user alice ${pem.pub} ${ALL}`, `user bob ${openssh.pub} AFS_READ`]);
    common = ['-i', '127.0.0.1', '-p', String(t.server.port)];
  });
  after(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('runs a command with a PEM or an OpenSSH key; output on stdout, exit 0', async () => {
    for (const [user, key] of [
      ['alice', pem],
      ['bob', openssh],
    ] as const) {
      const r = await client([...common, '-u', user, '-k', key.priv, 'version'], { home });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout.toString(), /^para_server \S+ \(paraweb\)\n$/);
      assert.equal(r.stderr, '');
    }
    // long options and `--` before a command whose options look like ours
    const r = await client(
      [
        '--hostname=127.0.0.1',
        `--server-port=${t.server.port}`,
        '--user',
        'alice',
        '--key-file',
        pem.priv,
        '--',
        'help',
        '-l',
      ],
      { home },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout.toString(), /^stat +print status information.*\n +VSS_READ$/m);
  });

  test('a failing command: error band on stderr, exit 1', async () => {
    const r = await client([...common, '-u', 'bob', '-k', openssh.priv, 'addatt', 'x'], { home });
    assert.equal(r.code, 1);
    assert.equal(r.stdout.length, 0);
    assert.equal(r.stderr, 'permission denied: addatt needs AFS_READ | AFS_WRITE\n');
    // add of one file that cannot be added: the report on stdout, why on stderr, exit 1
    const junk = path.join(dir, 'junk.mp3');
    fs.writeFileSync(junk, 'not audio at all');
    const add = await client([...common, '-u', 'alice', '-k', pem.priv, 'add', junk], { home });
    assert.equal(add.code, 1, add.stderr);
    assert.match(add.stdout.toString(), /1 files scanned: .*1 skipped\n$/);
    assert.match(add.stderr, new RegExp(`^add: 1 file not added: ${junk}: .+\n$`));
  });

  test('stdin is the blob: addlyr then catlyr round trip, byte for byte', async () => {
    const bytes = Buffer.from(
      Array.from({ length: 100_000 }, (_, i) => (i * 131 + (i >> 8)) % 256),
    );
    const add = await client([...common, '-u', 'alice', '-k', pem.priv, 'addlyr', 'cover.jpg'], {
      home,
      input: bytes,
    });
    assert.equal(add.code, 0, add.stderr);
    const cat = await client([...common, '-u', 'bob', '-k', openssh.priv, 'catlyr', 'cover.jpg'], {
      home,
    });
    assert.equal(cat.code, 0, cat.stderr);
    assert.ok(cat.stdout.equals(bytes));
  });

  test('config file and default key file ~/.paraslash/key.<user>; the command line wins', async () => {
    fs.writeFileSync(
      path.join(home, '.paraslash', 'client.conf'),
      `# client settings\nhostname 127.0.0.1\nserver-port ${t.server.port}\nuser = "bob"\n`,
    );
    fs.copyFileSync(openssh.priv, path.join(home, '.paraslash', 'key.bob'));
    fs.copyFileSync(pem.priv, path.join(home, '.paraslash', 'key.alice'));
    const r = await client(['stat', '-n', '1'], { home, input: Buffer.alloc(0) });
    assert.equal(r.code, 1); // bob lacks VSS_READ
    assert.match(r.stderr, /permission denied: stat needs VSS_READ/);
    const ok = await client(['-u', 'alice', 'stat', '-n', '1'], { home });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout.toString(), 'status: stopped\n');
    const bad = await client(['-c', path.join(dir, 'missing.conf'), 'version'], { home });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /missing\.conf/);
    fs.rmSync(path.join(home, '.paraslash', 'client.conf'));
  });

  test('unknown user and wrong key fail the same way; no server, no command: exit 1', async () => {
    const unknown = await client([...common, '-u', 'mallory', '-k', pem.priv, 'version'], { home });
    const wrong = await client([...common, '-u', 'alice', '-k', stranger.priv, 'version'], {
      home,
    });
    assert.equal(unknown.code, 1);
    assert.equal(wrong.code, 1);
    assert.equal(unknown.stderr.replace('mallory', 'X'), wrong.stderr.replace('alice', 'X'));
    assert.match(wrong.stderr, /^para_client: authentication failed for user alice\n$/);

    const port = await freePort();
    const refused = await client(
      ['-i', '127.0.0.1', '-p', String(port), '-u', 'alice', '-k', pem.priv, 'version'],
      { home },
    );
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /cannot connect to 127\.0\.0\.1/);
    const none = await client([...common, '-u', 'alice', '-k', pem.priv], { home });
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no command given/);
    const badKey = await client([...common, '-u', 'alice', '-k', pem.pub, 'version'], { home });
    assert.equal(badKey.code, 1);
    assert.match(badKey.stderr, /key file .*pem\.pub: unknown private key format/);
    assert.equal((await client(['--help'], { home })).code, 0);
    assert.equal((await client(['--bogus'], { home })).code, 1);
  });
  test('interactive mode on a terminal: prompt, commands, ^C ends stat, history file', async () => {
    // script(1) gives the client a pseudo terminal
    const cmd = [process.execPath, CLIENT, ...common, '-u', 'alice', '-k', pem.priv].join(' ');
    const child = spawn('script', ['-qec', cmd, '/dev/null'], {
      env: { ...process.env, HOME: home },
    });
    let screen = '';
    let waiter: { re: RegExp; resolve: () => void } | undefined;
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString();
      if (waiter && waiter.re.test(screen)) waiter.resolve();
    });
    const exited = new Promise<number | null>((r) => child.on('close', r));
    const expect = (re: RegExp): Promise<void> =>
      re.test(screen)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no ${re} in: ${screen}`)), 15_000);
            waiter = {
              re,
              resolve: () => {
                clearTimeout(timer);
                resolve();
              },
            };
          });
    const type = async (line: string, then: RegExp): Promise<void> => {
      screen = '';
      child.stdin.write(line);
      await expect(then);
    };
    // a failed expectation must not leave the client behind: it would keep this file running
    try {
      await expect(/para_client> /);
      await type(
        'addatt "two words" tty\r',
        /invalid attribute name 'two words'[\s\S]*para_client> /,
      );
      await type('addatt tty\r', /para_client> /);
      await type('lsat\r', /\btty\r?\n[\s\S]*para_client> /);
      await type('stat\r', /status: stopped/);
      await type('\u0003', /para_client> /); // ^C ends stat, not the client
      await type('exit\r', /$/);
      child.stdin.end();
      assert.equal(await exited, 0);
    } finally {
      child.kill('SIGKILL');
    }
    const history = fs.readFileSync(path.join(home, '.paraslash', 'client.history'), 'utf8');
    assert.match(history, /^addatt tty$/m);
    assert.match(history, /^stat$/m);
  });
});

describe('para_client and a para_server process', () => {
  const dir = tempDir('paraweb-client-srv-');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('si, hup (re-reads the user list), term (clean shutdown)', { timeout: 60_000 }, async () => {
    const keys = sshKeygen(dir, 'admin', 'openssh');
    const later = sshKeygen(dir, 'later', 'pem');
    const users = path.join(dir, 'server.users');
    fs.writeFileSync(users, `user admin ${keys.pub} ${ALL}\n`);
    const port = await freePort();
    const srv = startServer([
      '--afs-database-dir',
      path.join(dir, 'db'),
      '--port',
      String(port),
      '--listen-address',
      '127.0.0.1',
      '--api-port',
      String(await freePort()),
      '--api-listen-address',
      '127.0.0.1',
      '--http-port',
      String(await freePort()),
      '--user-list',
      users,
    ]);
    const home = path.join(dir, 'home');
    fs.mkdirSync(home);
    const as = (user: string, key: KeyFiles, ...argv: string[]): Promise<Ran> =>
      client(['-i', '127.0.0.1', '-p', String(port), '-u', user, '-k', key.priv, ...argv], {
        home,
      });
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const s = net.connect({ port, host: '127.0.0.1' }, () => {
            s.destroy();
            resolve(true);
          });
          s.on('error', () => resolve(false));
        }),
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}: ${srv.stderr()}`);
    });
    const si = await as('admin', keys, 'si');
    assert.equal(si.code, 0, si.stderr + srv.stderr());
    assert.match(si.stdout.toString(), /^server_pid: \d+$/m);
    assert.match(si.stdout.toString(), /^connections \(active\/accepted\/total\): 1\/1\/\d+$/m);
    assert.equal((await as('later', later, 'version')).code, 1);
    fs.appendFileSync(users, `user later ${later.pub} VSS_READ\n`);
    assert.equal((await as('admin', keys, 'hup')).code, 0);
    assert.equal((await as('later', later, 'version')).code, 0);
    const term = await as('admin', keys, 'term');
    assert.equal(term.code, 0, term.stderr);
    assert.equal(await srv.exited, 0, srv.stderr());
  });
});
