// Prisma CLI configuration, used only while developing (creating migrations). The server applies
// the committed SQL migrations itself (apps/server/src/db/migrate.ts) and never runs the CLI.
import { defineConfig } from 'prisma/config';

const url = process.env.DATABASE_URL ?? 'file:./.tmp/dev.db';
const isPostgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  schema: isPostgres ? 'prisma/postgres/schema.prisma' : 'prisma/schema.prisma',
  migrations: { path: isPostgres ? 'prisma/postgres/migrations' : 'prisma/migrations' },
  datasource: { url },
});
