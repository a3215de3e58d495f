// Every command of the table, generically: options with an argument take every lopsub spelling
// (-x=value included), and a refused option or argument is named as the user wrote it, in
// lopsub's words, never in zod's or by an internal input key.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Harness } from '../../test/harness.js';
import { harness } from '../../test/harness.js';
import { ParaError } from '../errors.js';
import { parseArgv } from './argv.js';
import { buildCommandTable, runInput } from './index.js';
import type { AnyCommand } from './index.js';
import { parseCommandArgv } from './run.js';

const table = buildCommandTable();
const commands = table.all();

/** zod's own wording: none of it may reach a user */
const ZOD_WORDS =
  /Too (big|small)|Invalid (input|option)|expected (array|number|string|one of)|received|[<>]=/;

function complaint(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ParaError, String(err));
    return err.message;
  }
  return undefined;
}

/** input keys that differ from what a user types (numPlayed, listingMode, ...) */
const internalKeys = (cmd: AnyCommand): string[] =>
  cmd.options.map((o) => o.key).filter((k) => !cmd.options.some((o) => o.long === k));

function assertReadable(cmd: AnyCommand, message: string): void {
  assert.doesNotMatch(message, ZOD_WORDS, `${cmd.name}: zod wording in "${message}"`);
  assert.doesNotMatch(message, /\bargs\b:/, `${cmd.name}: input key "args" in "${message}"`);
  for (const key of internalKeys(cmd))
    assert.ok(!message.includes(key), `${cmd.name}: input key ${key} in "${message}"`);
  assert.ok(message.startsWith(`${cmd.name}: `), message);
}

const withArgument = commands.flatMap((cmd) =>
  cmd.options.filter((o) => o.arg !== 'none').map((opt) => ({ cmd, opt })),
);

test('every option with an argument takes -x=v, -xv, -x v, --long=v and --long v', () => {
  assert.ok(withArgument.length >= 9, `${withArgument.length} options with an argument`);
  for (const { cmd, opt } of withArgument) {
    const forms = [
      [`--${opt.long}=V1`],
      ...(opt.arg === 'required' ? [[`--${opt.long}`, 'V1']] : []),
    ];
    if (opt.short) {
      forms.push([`-${opt.short}=V1`], [`-${opt.short}V1`]);
      if (opt.arg === 'required') forms.push([`-${opt.short}`, 'V1']);
    }
    for (const form of forms) {
      const parsed = parseArgv(cmd.name, cmd.options, [...form, 'arg']);
      const value = parsed[opt.key];
      assert.deepEqual(opt.multiple ? value : [value], ['V1'], `${cmd.name} ${form.join(' ')}`);
      assert.deepEqual(parsed.args, ['arg'], `${cmd.name} ${form.join(' ')}`);
    }
  }
});

test('ls -s=d, stat -n=1, touch -n=3, upcoming -n=0x2 as lopsub reads them', () => {
  const input = (argv: string[]): Record<string, unknown> =>
    parseCommandArgv(table.lookup(argv[0]!), argv.slice(1)) as Record<string, unknown>;
  assert.equal(input(['ls', '-s=d']).sort, 'duration');
  assert.equal(input(['ls', '-l=v', '-s=n']).listingMode, 'v');
  assert.equal(input(['stat', '-n=1']).num, 1);
  assert.equal(input(['touch', '-n=3', '/x']).numPlayed, 3);
  assert.equal(input(['upcoming', '-n=0x2']).count, 2);
});

test('a bad option value is named as typed, in plain words, for every command', () => {
  let refused = 0;
  for (const { cmd, opt } of withArgument) {
    const spellings = [`--${opt.long}`, ...(opt.short ? [`-${opt.short}`] : [])];
    for (const as of spellings) {
      for (const bad of ['x1', '', '99999999999999999999', '-5']) {
        const message = complaint(() => parseCommandArgv(cmd, [`${as}=${bad}`]));
        if (message === undefined) continue;
        assertReadable(cmd, message);
        // the complaint is about the option (options come before the arguments)
        if (!message.includes('non-option')) {
          refused++;
          assert.ok(message.startsWith(`${cmd.name}: ${as}: `), `${message} (typed ${as})`);
        }
      }
    }
  }
  assert.ok(refused >= 30, `${refused} refusals checked`);
  assert.equal(
    complaint(() => parseCommandArgv(table.lookup('touch'), ['-n', 'x', '/a'])),
    'touch: -n: not an integer: x',
  );
  assert.equal(
    complaint(() => parseCommandArgv(table.lookup('touch'), ['--amp=256', '/a'])),
    'touch: --amp: value too large (at most 255)',
  );
  assert.match(
    complaint(() => parseCommandArgv(table.lookup('ls'), ['-s', 'q'])) ?? '',
    /^ls: -s: sort order must be one of/,
  );
});

test('wrong argument counts and unknown options, for every command', () => {
  const many = Array.from({ length: 40 }, (_, i) => `/a${i}`);
  let refused = 0;
  for (const cmd of commands) {
    for (const argv of [[], many, ['-Z'], ['--no-such-option'], ['--', ...many]]) {
      const message = complaint(() => parseCommandArgv(cmd, argv));
      if (message === undefined) continue;
      refused++;
      assertReadable(cmd, message);
    }
  }
  assert.ok(refused >= commands.length * 2, `${refused} refusals`);
  assert.equal(
    complaint(() => parseCommandArgv(table.lookup('version'), ['foo'])),
    'version: no non-option args allowed, 1 given',
  );
  assert.equal(
    complaint(() => parseCommandArgv(table.lookup('help'), ['a', 'b'])),
    'help: at most 1 non-option arg allowed, 2 given',
  );
  assert.equal(
    complaint(() => parseCommandArgv(table.lookup('ls'), ['-Z'])),
    'ls: option not recognized: -Z',
  );
});

test('unknown and ambiguous commands in lopsub words', () => {
  assert.equal(
    complaint(() => table.lookup('nosuch')),
    'invalid subcommand: nosuch (no such subcommand; see help)',
  );
  assert.match(complaint(() => table.lookup('s')) ?? '', /^ambiguous subcommand: s \(.*stat/);
});

describe('through the doors', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  test('structured input (tRPC): wrong types are named by their key, in plain words', async () => {
    for (const cmd of commands) {
      for (const key of [...cmd.options.map((o) => o.key), 'args']) {
        const err = await runInput(
          cmd,
          {
            services: h.services,
            user: { name: 't', perms: 15 },
            log: () => {},
            signal: new AbortController().signal,
          },
          { [key]: { bogus: 1 } },
        ).then(
          () => undefined,
          (e: unknown) => e,
        );
        assert.ok(err instanceof ParaError, `${cmd.name} ${key}: accepted an object`);
        assert.doesNotMatch(err.message, ZOD_WORDS, err.message);
        assert.ok(err.message.startsWith(`${cmd.name}: `), err.message);
      }
    }
  });

  test('help names an empty permission set NO_PERMISSION_REQUIRED', async () => {
    const version = await h.run(['help', 'version']);
    assert.match(version.text, /\nPermissions: NO_PERMISSION_REQUIRED\n$/);
    const ls = await h.run(['help', 'ls']);
    assert.match(ls.text, /\nPermissions: AFS_READ\n$/);
    const long = await h.run(['help', '-l']);
    assert.match(long.text, /^help {2,}.*\n {2,}NO_PERMISSION_REQUIRED$/m);
    assert.doesNotMatch(long.text, /\(none\)/);
    const bad = await h.fail(['help', 'nosuch']);
    assert.equal(bad.message, 'invalid subcommand: nosuch (no such subcommand; see help)');
  });
});
