// Test helper: makes the encoder-made fixtures once per checkout (test/fixtures/make-fixtures.sh)
// and returns their directory. The fixtures are not committed: they come from the real encoders.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = path.join(serverRoot, 'test', 'fixtures', 'make-fixtures.sh');
export const FIXTURE_DIR = path.join(serverRoot, '.fixtures');

export function fixtures(): string {
  if (fs.existsSync(path.join(FIXTURE_DIR, '.complete'))) return FIXTURE_DIR;
  // test files may run side by side: each makes its own set and renames it into place; the
  // first rename wins, a later one finds the directory there and throws its own set away
  const own = fs.mkdtempSync(`${FIXTURE_DIR}-`);
  // a set left half-made by an interrupted run of the old helper is moved out of the way
  if (fs.existsSync(FIXTURE_DIR) && !fs.existsSync(path.join(FIXTURE_DIR, '.complete'))) {
    fs.renameSync(FIXTURE_DIR, `${own}-stale`);
    fs.rmSync(`${own}-stale`, { recursive: true, force: true });
  }
  execFileSync('bash', [script, own], { stdio: 'inherit' });
  try {
    fs.renameSync(own, FIXTURE_DIR);
  } catch (err) {
    fs.rmSync(own, { recursive: true, force: true });
    if (!fs.existsSync(path.join(FIXTURE_DIR, '.complete'))) throw err;
  }
  return FIXTURE_DIR;
}

export function fixture(name: string): string {
  return path.join(fixtures(), name);
}
