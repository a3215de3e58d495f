// Test helper: a fresh database of each kind. SQLite in a temporary directory; PostgreSQL as a
// new database on the server named by PG_TEST_URL (default: the local server, user postgres).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database, DbKind } from '../src/db/index.js';
import { migrate, openDatabase } from '../src/db/index.js';

export const PG_ADMIN_URL =
  process.env.PG_TEST_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const DB_KINDS: DbKind[] = ['sqlite', 'postgres'];

export interface TestDatabase {
  db: Database;
  url: string;
  dir: string;
  /** closes and deletes the database */
  drop(): Promise<void>;
}

export function tempDir(prefix = 'paraweb-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

async function pgAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A database URL of the given kind (created, empty) and how to drop it. */
export async function freshDatabaseUrl(
  kind: DbKind,
): Promise<{ url: string; dir: string; cleanup(): Promise<void> }> {
  const dir = tempDir();
  if (kind === 'sqlite') {
    return {
      url: `file:${path.join(dir, 'test.db')}`,
      dir,
      cleanup: () => fs.promises.rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `paraweb_test_${crypto.randomBytes(6).toString('hex')}`;
  await pgAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dir,
    async cleanup() {
      await pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await fs.promises.rm(dir, { recursive: true, force: true });
    },
  };
}

export async function freshDatabase(kind: DbKind): Promise<TestDatabase> {
  const fresh = await freshDatabaseUrl(kind);
  const { url, dir } = fresh;
  const db = await openDatabase(url);
  await migrate(db);
  return {
    db,
    url,
    dir,
    async drop() {
      await db.close();
      await fresh.cleanup();
    },
  };
}
