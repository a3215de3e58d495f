// The lopsub-style option parser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OptionSpec } from './argv.js';
import { parseArgv } from './argv.js';

const specs: OptionSpec[] = [
  { key: 'mode', short: 'l', long: 'listing-mode', arg: 'optional', implicit: 'l', help: '' },
  { key: 'full', short: 'p', long: 'full-path', arg: 'none', help: '' },
  { key: 'num', short: 'n', long: 'num', arg: 'required', help: '' },
  { key: 'tag', short: 't', long: 'tag', arg: 'required', multiple: true, help: '' },
];

test('short, long, bundled, inline and optional arguments', () => {
  assert.deepEqual(parseArgv('x', specs, ['-l', 'a']), { mode: 'l', args: ['a'] });
  assert.deepEqual(parseArgv('x', specs, ['-lv']), { mode: 'v', args: [] });
  assert.deepEqual(parseArgv('x', specs, ['-l=v', '-p']), { mode: 'v', full: true, args: [] });
  assert.deepEqual(parseArgv('x', specs, ['-pl']), { full: true, mode: 'l', args: [] });
  assert.deepEqual(parseArgv('x', specs, ['--listing-mode=m', '--full']), {
    mode: 'm',
    full: true,
    args: [],
  });
  assert.deepEqual(parseArgv('x', specs, ['-n5', '--num', '6']), { num: '6', args: [] });
  assert.deepEqual(parseArgv('x', specs, ['-t', 'a', '--tag=b']), { tag: ['a', 'b'], args: [] });
  assert.deepEqual(parseArgv('x', specs, ['--', '-p', 'x']), { args: ['-p', 'x'] });
  assert.deepEqual(parseArgv('x', specs, ['a', '-p']), { args: ['a', '-p'] });
  assert.deepEqual(parseArgv('x', specs, ['-n', '-3']), { num: '-3', args: [] });
});

test('errors name the option', () => {
  assert.throws(() => parseArgv('ls', specs, ['-z']), /ls: unknown option -z/);
  assert.throws(() => parseArgv('ls', specs, ['--nope']), /unknown option --nope/);
  assert.throws(() => parseArgv('ls', specs, ['-n']), /option -n requires an argument/);
  assert.throws(() => parseArgv('ls', specs, ['--full-path=1']), /takes no argument/);
});
