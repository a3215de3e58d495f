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
  // -x=value for a required argument too, as `help` writes it (ls -s=d, stat -n=1)
  assert.deepEqual(parseArgv('x', specs, ['-n=1']), { num: '1', args: [] });
  assert.deepEqual(parseArgv('x', specs, ['-pn=7', 'a']), { full: true, num: '7', args: ['a'] });
  assert.deepEqual(parseArgv('x', specs, ['-n=', 'a']), { num: '', args: ['a'] });
  assert.deepEqual(parseArgv('x', specs, ['-t=a', '-tb']), { tag: ['a', 'b'], args: [] });
});

test('the spelling of each option is kept for error messages', () => {
  const spelled = new Map<string, string>();
  parseArgv('x', specs, ['-n', '1', '--full', '--listing=v'], spelled);
  assert.deepEqual(Object.fromEntries(spelled), {
    num: '-n',
    full: '--full-path',
    mode: '--listing-mode',
  });
});

test('errors name the option', () => {
  // lopsub's words, then the option as typed
  assert.throws(() => parseArgv('ls', specs, ['-z']), /^ParaError: ls: option not recognized: -z$/);
  assert.throws(() => parseArgv('ls', specs, ['--nope']), /option not recognized: --nope$/);
  assert.throws(() => parseArgv('ls', specs, ['-n']), /argument required but not given: -n$/);
  assert.throws(() => parseArgv('ls', specs, ['--num']), /argument required but not given: --num$/);
  assert.throws(
    () => parseArgv('ls', specs, ['--full-path=1']),
    /argument given to non-arg option: --full-path=1$/,
  );
  const two: OptionSpec[] = [...specs, { key: 'f', long: 'fast', arg: 'none', help: '' }];
  assert.throws(
    () => parseArgv('ls', two, ['--f']),
    /option is ambiguous: --f \(--full-path, --fast\)$/,
  );
});
