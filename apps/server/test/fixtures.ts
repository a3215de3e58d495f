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
  if (!fs.existsSync(path.join(FIXTURE_DIR, '.complete'))) {
    execFileSync('bash', [script, FIXTURE_DIR], { stdio: 'inherit' });
  }
  return FIXTURE_DIR;
}

export function fixture(name: string): string {
  return path.join(fixtures(), name);
}
