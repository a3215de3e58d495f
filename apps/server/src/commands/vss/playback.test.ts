// The streaming commands as commands: permissions, argument checks, help, and that they reach
// the vss (the state machine itself is tested in vss/vss.test.ts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Streaming } from '../../vss/test-util.js';
import { streaming, until } from '../../vss/test-util.js';
import { PERMS } from '../perms.js';

let s: Streaming;
before(async () => {
  s = await streaming(['cbr128.mp3']);
});
after(async () => {
  await s.close();
});

test('every streaming command needs VSS_READ and VSS_WRITE', async () => {
  for (const cmd of ['play', 'pause', 'stop', 'next', 'nomore', 'ff', 'jmp', 'sender']) {
    const argv = cmd === 'ff' || cmd === 'jmp' ? [cmd, '1'] : [cmd];
    const err = await s.h.fail(argv, { perms: PERMS.VSS_READ | PERMS.AFS_READ | PERMS.AFS_WRITE });
    assert.equal(err.code, 'E_PERMISSION', cmd);
  }
});

test('they print nothing and change the vss; bad arguments are syntax errors', async () => {
  assert.equal((await s.h.run(['play'])).text, '');
  await until(() => s.vss.position !== undefined, 5000, 'a file');
  assert.equal((await s.h.run(['ff', '1'])).text, '');
  assert.equal((await s.h.run(['jmp', '10'])).text, '');
  assert.equal((await s.h.fail(['jmp', '-5'])).code, 'E_SYNTAX');
  assert.equal((await s.h.fail(['jmp'])).code, 'E_SYNTAX');
  assert.equal((await s.h.fail(['ff', '1', '2'])).code, 'E_SYNTAX');
  assert.equal((await s.h.fail(['stop', 'now'])).code, 'E_SYNTAX');
  assert.equal((await s.h.run(['stop'])).text, '');
  await until(() => s.vss.state === 'stopped');
});

test('help knows them', async () => {
  const list = (await s.h.run(['help'])).text;
  for (const cmd of ['play', 'pause', 'stop', 'next', 'nomore', 'ff', 'jmp', 'sender']) {
    assert.match(list, new RegExp(`^${cmd}\\s+--vV`, 'm'), cmd);
  }
  assert.match((await s.h.run(['help', 'ff'])).text, /usage: ff n\[-\]/);
});
