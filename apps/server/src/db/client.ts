// Opens the database: SQLite in the data directory by default, PostgreSQL when the URL says so.
// Both generated clients have the same model API, so the rest of the server sees one type. Each
// client and its driver are loaded when first opened: a process (the server, a CLI, a test file)
// loads only the one it uses, about 80 ms less at every start.
import type { PrismaClient } from './generated/sqlite/client.js';
import { queryHistory } from './query-history.js';

export type { PrismaClient };
export type DbKind = 'sqlite' | 'postgres';

export interface Database {
  prisma: PrismaClient;
  kind: DbKind;
  url: string;
  /** lets go of the parameters Prisma's debug history keeps: after a write of thousands of them
   * (query-history.ts) */
  forgetQueryArgs(): void;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export async function openDatabase(url: string): Promise<Database> {
  if (isPostgresUrl(url)) {
    const [{ PrismaClient: PgPrismaClient }, { PrismaPg }, forgetQueryArgs] = await Promise.all([
      import('./generated/postgres/client.js'),
      import('@prisma/adapter-pg'),
      queryHistory('@prisma/adapter-pg'),
    ]);
    const pg = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    // Same models and methods; only the generated provider differs.
    const prisma = pg as unknown as PrismaClient;
    await prisma.$queryRawUnsafe('SELECT 1');
    return { prisma, kind: 'postgres', url, forgetQueryArgs, close: () => prisma.$disconnect() };
  }
  const [{ PrismaClient }, { PrismaBetterSqlite3 }, forgetQueryArgs] = await Promise.all([
    import('./generated/sqlite/client.js'),
    import('@prisma/adapter-better-sqlite3'),
    queryHistory('@prisma/adapter-better-sqlite3'),
  ]);
  // busy timeout: a second process (the admin CLI) may hold the write lock briefly.
  const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 5000 }) });
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  return { prisma, kind: 'sqlite', url, forgetQueryArgs, close: () => prisma.$disconnect() };
}
