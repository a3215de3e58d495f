// The roots of the watched folders: which folder may be watched, and those watched because of
// `watch` (the command port, the dashboard), stored so that they stay watched after a restart.
// Those of --afs-watch come from the options each start.
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../db/index.js';
import { ParaError } from '../../errors.js';
import { describeStatError } from './settle.js';

/** The absolute directory `dir` names, if it may be watched besides `others`; else a clear error. */
export function checkRoot(dir: string, others: Iterable<string>): string {
  if (!path.isAbsolute(dir)) throw new ParaError('E_INVALID', `${dir}: not an absolute path`);
  const root = path.resolve(dir);
  let st;
  try {
    st = fs.statSync(root);
  } catch (err) {
    throw new ParaError('E_NOT_FOUND', `${root}: ${describeStatError(err)}`);
  }
  if (!st.isDirectory()) throw new ParaError('E_INVALID', `${root}: not a directory`);
  for (const other of others) {
    if (other === root) throw new ParaError('E_EXISTS', `${root} is watched already`);
    if (root.startsWith(`${other}/`) || other.startsWith(`${root}/`))
      throw new ParaError('E_INVALID', `${root} and ${other}: one is inside the other`);
  }
  return root;
}

export interface StoredRoot {
  path: string;
  addedBy: string;
}

export class WatchedFolderStore {
  constructor(private readonly db: Database) {}

  async list(): Promise<StoredRoot[]> {
    const rows = await this.db.prisma.watchedFolder.findMany({ orderBy: { createdAt: 'asc' } });
    return rows.map((r) => ({ path: r.path, addedBy: r.addedBy }));
  }

  async add(path: string, addedBy: string): Promise<void> {
    await this.db.prisma.watchedFolder.upsert({
      where: { path },
      create: { path, addedBy },
      update: {},
    });
  }

  /** true when there was a row */
  async remove(path: string): Promise<boolean> {
    const r = await this.db.prisma.watchedFolder.deleteMany({ where: { path } });
    return r.count > 0;
  }
}
