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
  if (!fs.existsSync(done) || fs.readFileSync(done, 'utf8') !== version) {
    execFileSync('bash', [script, FIXTURE_DIR], { stdio: 'inherit' });
    fs.writeFileSync(done, version);
  }
  return FIXTURE_DIR;
}

export function fixture(name: string): string {
  return path.join(fixtures(), name);
}
