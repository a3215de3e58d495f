// A full collection on demand in a test file, without starting node with --expose-gc: the flag is
// set at run time and `gc` taken from a fresh context (it is defined there once the flag is on).
import v8 from 'node:v8';
import vm from 'node:vm';

export function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
