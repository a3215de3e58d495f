// Opens the database: SQLite in the data directory by default, PostgreSQL when the URL says so.
// Both generated clients have the same model API, so the rest of the server sees one type.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/sqlite/client.js';
import { PrismaClient as PgPrismaClient } from './generated/postgres/client.js';

export type { PrismaClient };
export type DbKind = 'sqlite' | 'postgres';

export interface Database {
  prisma: PrismaClient;
  kind: DbKind;
  url: string;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export async function openDatabase(url: string): Promise<Database> {
  if (isPostgresUrl(url)) {
    const pg = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    // Same models and methods; only the generated provider differs.
    const prisma = pg as unknown as PrismaClient;
    await prisma.$queryRawUnsafe('SELECT 1');
    return { prisma, kind: 'postgres', url, close: () => prisma.$disconnect() };
  }
  // busy timeout: a second process (the admin CLI) may hold the write lock briefly.
  const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 5000 }) });
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  return { prisma, kind: 'sqlite', url, close: () => prisma.$disconnect() };
}
