// Test helper: makes the encoder-made fixtures once per checkout (test/fixtures/make-fixtures.sh)
// and returns their directory. The fixtures are not committed: they come from the real encoders.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = path.join(serverRoot, 'test', 'fixtures', 'make-fixtures.sh');
export const FIXTURE_DIR = path.join(serverRoot, '.fixtures');

/** The set is made again when the script changes (its hash is kept in .complete). */
export function fixtures(): string {
  const done = path.join(FIXTURE_DIR, '.complete');
  const version = crypto.createHash('sha1').update(fs.readFileSync(script)).digest('hex');
  if (fs.existsSync(done) && fs.readFileSync(done, 'utf8') === version) return FIXTURE_DIR;
  // test files may run side by side: each makes its own set and renames it into place; the
  // first rename wins, a later one finds the directory there and throws its own set away
  const own = fs.mkdtempSync(`${FIXTURE_DIR}-`);
  // a set left half-made by an interrupted run, or made by an older script, is moved away
  if (fs.existsSync(FIXTURE_DIR)) {
    try {
      fs.renameSync(FIXTURE_DIR, `${own}-stale`);
      fs.rmSync(`${own}-stale`, { recursive: true, force: true });
    } catch {
      // another test file moved it first
    }
  }
  execFileSync('bash', [script, own], { stdio: 'inherit' });
  fs.writeFileSync(path.join(own, '.complete'), version);
  try {
    fs.renameSync(own, FIXTURE_DIR);
  } catch (err) {
    fs.rmSync(own, { recursive: true, force: true });
    if (!fs.existsSync(done) || fs.readFileSync(done, 'utf8') !== version) throw err;
  }
  return FIXTURE_DIR;
}

export function fixture(name: string): string {
  return path.join(fixtures(), name);
}
