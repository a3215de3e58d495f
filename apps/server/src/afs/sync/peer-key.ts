// The installation's key for the Redis bus: the server processes (and para_admin) of one database
// sign every message with it and drop what it does not sign. Redis is often reachable by more
// than the nodes (no password, a shared instance); the database is not, so whoever can only write
// to Redis cannot make a leader run a command, nor feed afs or HLS false changes.
import crypto from 'node:crypto';
import type { Database } from '../../db/index.js';

/** 32 random bytes, made once per database by the first process that asks (both insert; one wins) */
export async function peerKey(db: Database): Promise<Buffer> {
  const made = crypto.randomBytes(32).toString('hex');
  await db.prisma.$executeRaw`
    INSERT INTO "PeerKey" ("id", "key") VALUES (1, ${made}) ON CONFLICT ("id") DO NOTHING`;
  const row = await db.prisma.peerKey.findUnique({ where: { id: 1 } });
  if (!row || !/^[0-9a-f]{64}$/.test(row.key))
    throw new Error('PeerKey: no valid key in the database');
  return Buffer.from(row.key, 'hex');
}
