// Applies the committed SQL migrations at start, without the Prisma CLI (no engine binary needed).
// Bookkeeping uses Prisma's own _prisma_migrations table, so `prisma migrate status` agrees.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './client.js';
import { ph } from './sql.js';

export function migrationsDir(kind: Database['kind']): string {
  // dist/src/db or src/db -> repo root
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'prisma', 'schema.prisma'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('prisma/ directory not found');
    dir = parent;
  }
  return kind === 'postgres'
    ? path.join(dir, 'prisma', 'postgres', 'migrations')
    : path.join(dir, 'prisma', 'migrations');
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMP,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMP,
  "started_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Splits a migration script into statements (Prisma's scripts have no semicolons in strings). */
function statements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}

/** Returns the names of the migrations it applied. Each runs in its own transaction. */
export async function migrate(db: Database): Promise<string[]> {
  const { prisma } = db;
  await prisma.$executeRawUnsafe(CREATE_TABLE);
  const done = await prisma.$queryRawUnsafe<{ migration_name: string }[]>(
    'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const applied = new Set(done.map((r) => r.migration_name));
  const dir = migrationsDir(db.kind);
  const names = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const ran: string[] = [];
  for (const name of names) {
    if (applied.has(name)) continue;
    const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
    const checksum = crypto.createHash('sha256').update(sql).digest('hex');
    const steps = statements(sql);
    await prisma.$transaction(async (tx) => {
      for (const step of steps) await tx.$executeRawUnsafe(step);
      await tx.$executeRawUnsafe(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (${ph(db.kind, 1)}, ${ph(db.kind, 2)}, CURRENT_TIMESTAMP, ${ph(db.kind, 3)}, ${ph(db.kind, 4)})`,
        crypto.randomUUID(),
        checksum,
        name,
        steps.length,
      );
    });
    ran.push(name);
  }
  return ran;
}
