// Options from the command line and the config file, validated with every problem listed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { confOptionNames, realServerConf } from '../test/server-conf.js';
import { helpText, loadConfig } from './config.js';
import { mountProfiles } from './senders/mounts/profiles.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paraweb-config-'));
const empty = path.join(dir, 'empty.conf');
fs.writeFileSync(empty, '');
const noFile = ['-c', empty];

test('defaults follow paraslash', () => {
  const r = loadConfig(['--afs-database-dir', dir], {});
  assert.ok(r.ok && 'config' in r);
  assert.equal(r.config.port, 2990);
  assert.equal(r.config.httpPort, 8000);
  assert.equal(r.config.announceTime, 300);
  assert.equal(r.config.loglevel, 'warning');
  assert.equal(r.config.databaseUrl, `file:${path.join(dir, 'paraweb.db')}`);
});

test('config file is read; the command line wins; DATABASE_URL is honoured', () => {
  const file = path.join(dir, 'server.conf');
  fs.writeFileSync(
    file,
    '# comment\nport 3000\nhttp_port=8100\nautoplay\nhttp-access "10.0.0.0/8"\nloglevel info\n[audiod]\nport 1\n',
  );
  const r = loadConfig(['-c', file, '--port', '4000'], { DATABASE_URL: 'postgresql://x@y/z' });
  assert.ok(r.ok && 'config' in r);
  assert.equal(r.config.port, 4000);
  assert.equal(r.config.httpPort, 8100);
  assert.equal(r.config.autoplay, true);
  assert.deepEqual(r.config.httpAccess, ['10.0.0.0/8']);
  assert.equal(r.config.loglevel, 'info');
  assert.equal(r.config.databaseUrl, 'postgresql://x@y/z');
});

test('every problem is listed and nothing starts', () => {
  const r = loadConfig(
    [
      ...noFile,
      '--port',
      'abc',
      '--bogus',
      '--loglevel',
      'loud',
      '--http-access',
      '1.2.3.4/99x',
      'stray',
    ],
    {},
  );
  assert.equal(r.ok, false);
  assert.ok(!r.ok);
  const text = r.errors.join('\n');
  assert.match(text, /unknown option --bogus/);
  assert.match(text, /unexpected argument stray/);
  assert.match(text, /--port:/);
  assert.match(text, /--loglevel:/);
  assert.match(text, /--http-access:/);
});

test('a named config file that is missing is an error; unsupported options warn', () => {
  const r = loadConfig(['-c', path.join(dir, 'nope.conf')], {});
  assert.ok(!r.ok && r.errors.some((e) => /not found/.test(e)));
  const w = loadConfig([...noFile, '--dccp-port', '9000'], {});
  assert.ok(w.ok && 'warnings' in w && w.warnings.some((x) => /DCCP/.test(x)));
});

test('a real server.conf with every para_server option loads; options without effect warn and are in --detailed-help', () => {
  const file = path.join(dir, 'real.conf');
  const conf = realServerConf(dir, { autoplay: '' });
  fs.writeFileSync(file, conf);
  const r = loadConfig(['-c', file], {});
  assert.ok(r.ok && 'config' in r, JSON.stringify(r));
  assert.equal(r.config.loglevel, 'info');
  assert.equal(r.config.autoplayDelay, 100);
  const names = confOptionNames(conf);
  assert.equal(names.length, 39); // the synopsis less help, detailed-help, version, config-file
  const detailed = helpText(true);
  const short = helpText(false);
  for (const name of names) assert.match(detailed, new RegExp(`--${name}(?![\\w-])`), name);
  for (const name of [
    'log-color',
    'color',
    'log-timing',
    'user',
    'group',
    'daemon',
    'afs-socket',
  ]) {
    assert.ok(
      r.warnings.some((w) => w.startsWith(`option --${name} has no effect`)),
      `${name}: ${r.warnings.join('; ')}`,
    );
    assert.doesNotMatch(short, new RegExp(`--${name}(?![\\w-])`), name);
  }
  assert.match(detailed, /--log-color <value> .*\[no effect: log lines are JSON, without colors\]/);
});

test('--bogus --help fails; --help alone succeeds', () => {
  const bad = loadConfig(['--bogus', '--help'], {});
  assert.ok(!bad.ok && bad.errors.some((e) => /unknown option --bogus/.test(e)));
  assert.deepEqual(loadConfig(['--help', '--bogus'], {}).ok, false);
  const good = loadConfig(['--help'], {});
  assert.ok(good.ok && 'exit' in good && good.exit === 'help');
});

test('at reload (SIGHUP, hup) the config file wins over the command line', () => {
  const file = path.join(dir, 'reload.conf');
  fs.writeFileSync(file, 'loglevel debug\nport 3001\n');
  const args = ['-c', file, '--loglevel', 'error', '--http-port', '8111'];
  const start = loadConfig(args, {});
  assert.ok(start.ok && 'config' in start);
  assert.equal(start.config.loglevel, 'error');
  const again = loadConfig(args, {}, { reload: true });
  assert.ok(again.ok && 'config' in again);
  assert.equal(again.config.loglevel, 'debug');
  assert.equal(again.config.port, 3001);
  // what the file does not set still comes from the command line
  assert.equal(again.config.httpPort, 8111);
});

test('live mounts: /live.mp3 on by default, the others switched on; a bad rate is refused', () => {
  const d = loadConfig([...noFile, '--afs-database-dir', dir], {});
  assert.ok(d.ok && 'config' in d);
  assert.deepEqual(mountProfiles(d.config), [
    { codec: 'mp3', bitrate: 128, frequency: 44100, channels: 2 },
  ]);
  const all = loadConfig(
    [
      ...noFile,
      ...['--http-no-live-mp3', '--http-live-aac', '--http-live-opus'],
      ...[
        '--http-live-aac-bitrate',
        '96',
        '--http-live-rate',
        '48000',
        '--http-live-channels',
        '1',
      ],
    ],
    {},
  );
  assert.ok(all.ok && 'config' in all);
  assert.deepEqual(mountProfiles(all.config), [
    { codec: 'aac', bitrate: 96, frequency: 48000, channels: 1 },
    { codec: 'opus', bitrate: 128, frequency: 48000, channels: 1 },
  ]);
  const bad = loadConfig([...noFile, '--http-live-rate', '22050', '--http-live-channels', '6'], {});
  assert.ok(!bad.ok);
  assert.equal(bad.errors.length, 2, bad.errors.join('; '));
  assert.match(bad.errors.join('\n'), /44100 or 48000/);
  assert.match(helpText(false), /--http-live-opus +\(paraweb\) serve the live mount/);
});
