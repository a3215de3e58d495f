// Generates the Prisma clients for SQLite (prisma/schema.prisma) and PostgreSQL (derived from it).
// `prisma generate` needs no schema engine, so any executable satisfies the CLI's check.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const src = fs.readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8');
const pg = src
  .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
  .replace(
    /output\s*=\s*"\.\.\/apps\/server\/src\/db\/generated\/sqlite"/,
    'output                 = "../../apps/server/src/db/generated/postgres"',
  );
if (pg === src || !pg.includes('generated/postgres'))
  throw new Error('db-generate: nothing replaced');
fs.mkdirSync(path.join(root, 'prisma/postgres'), { recursive: true });
fs.writeFileSync(
  path.join(root, 'prisma/postgres/schema.prisma'),
  '// GENERATED from prisma/schema.prisma by scripts/db-generate.mjs - do not edit\n' + pg,
);

const prismaBin = path.join(root, 'node_modules/.bin/prisma');
if (!fs.existsSync(prismaBin)) {
  console.log('db-generate: prisma CLI not installed yet, skipping');
  process.exit(0);
}
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/true',
  CHECKPOINT_DISABLE: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};
for (const schema of ['prisma/schema.prisma', 'prisma/postgres/schema.prisma']) {
  execFileSync(prismaBin, ['generate', '--schema', schema], { cwd: root, env, stdio: 'inherit' });
}

// The generated clients import Prisma's query compiler as a base64 module, which keeps 8.4 MB of
// strings for the process's life; apps/server/src/db/prisma-wasm.ts compiles it from the file's
// bytes instead (docs/streaming.md, "Memory").
for (const kind of ['sqlite', 'postgres']) {
  const file = path.join(root, `apps/server/src/db/generated/${kind}/internal/class.ts`);
  const text = fs.readFileSync(file, 'utf8');
  const patched = text.replace(
    /const \{ wasm \} = await import\(("[^"]+\.wasm-base64\.mjs")\)\s*\n\s*return await decodeBase64AsWasm\(wasm\)/,
    "const { wasmFromBase64Module } = await import('../../../prisma-wasm.js')\n    return await wasmFromBase64Module($1)",
  );
  if (patched === text) throw new Error(`db-generate: Prisma's wasm loader not found in ${file}`);
  fs.writeFileSync(file, patched);
}
