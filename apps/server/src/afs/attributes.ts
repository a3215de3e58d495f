// The attribute table (docs/paraslash/afs.md §2.5): at most 64 named bits; the lowest free bit is handed out and
// removing an attribute clears its bit in every audio file, in the same transaction.
import { attributeNameProblem, MAX_ATTRIBUTES } from '@paraweb/contracts';
import type { Database } from '../db/index.js';
import { ph } from '../db/index.js';
import { ParaError } from '../errors.js';
import type { AudioFileTable } from './audio-file-table.js';
import { toDbMask } from './audio-file.js';
import type { AfsEvents } from './events.js';
import { matchesAny } from './patterns/index.js';

export { MAX_ATTRIBUTES };

/** The shared rule (packages/contracts/src/attributes.ts); the error names the attribute. */
export function validateAttributeName(name: string): void {
  const problem = attributeNameProblem(name);
  if (!problem) return;
  const shown = name.length > 80 ? `${name.slice(0, 80)}…` : name;
  throw new ParaError('E_INVALID', `invalid attribute name '${shown}': ${problem}`);
}

export class AttributeTable {
  private readonly bits = new Map<string, number>();

  constructor(
    private readonly db: Database,
    private readonly files: AudioFileTable,
    private readonly events: AfsEvents,
  ) {}

  async load(): Promise<void> {
    this.bits.clear();
    for (const a of await this.db.prisma.attribute.findMany()) this.bits.set(a.name, a.bit);
  }

  /** name -> bit, sorted by bit */
  entries(): [string, number][] {
    return [...this.bits.entries()].sort((a, b) => a[1] - b[1]);
  }

  bit(name: string): number | undefined {
    return this.bits.get(name);
  }

  /** Names of the set bits, in bit order. */
  names(mask: bigint): string[] {
    return this.entries()
      .filter(([, bit]) => (mask >> BigInt(bit)) & 1n)
      .map(([name]) => name);
  }

  /** Adds all names or none; returns name -> bit. */
  async add(names: string[]): Promise<[string, number][]> {
    // another process may have added attributes since: choose free bits from the database's view
    await this.load();
    const seen = new Set<string>();
    for (const name of names) {
      validateAttributeName(name);
      if (this.bits.has(name) || seen.has(name)) {
        throw new ParaError('E_EXISTS', `attribute ${name} already exists`);
      }
      seen.add(name);
    }
    const used = new Set(this.bits.values());
    const added: [string, number][] = [];
    let bit = 0;
    for (const name of names) {
      while (used.has(bit)) bit++;
      if (bit >= MAX_ATTRIBUTES) {
        throw new ParaError('E_FULL', `attribute table full (${MAX_ATTRIBUTES} attributes)`);
      }
      used.add(bit);
      added.push([name, bit]);
    }
    await this.db.prisma.attribute.createMany({
      data: added.map(([name, bit]) => ({ name, bit })),
    });
    for (const [name, bit] of added) {
      this.bits.set(name, bit);
      this.events.emit('attribute:add', name, bit);
    }
    return added;
  }

  async rename(oldName: string, newName: string): Promise<void> {
    const bit = this.bits.get(oldName);
    if (bit === undefined) throw new ParaError('E_NOT_FOUND', `no such attribute: ${oldName}`);
    validateAttributeName(newName);
    if (this.bits.has(newName)) {
      throw new ParaError('E_EXISTS', `attribute ${newName} already exists`);
    }
    await this.db.prisma.attribute.update({ where: { bit }, data: { name: newName } });
    this.bits.delete(oldName);
    this.bits.set(newName, bit);
    this.events.emit('attribute:rename', oldName, newName, bit);
  }

  /** Removes every attribute matching a pattern and clears its bit in all files. */
  async remove(patterns: string[]): Promise<[string, number][]> {
    const victims = this.entries().filter(([name]) => matchesAny(patterns, name));
    if (victims.length === 0) throw new ParaError('E_NO_MATCH', 'no matching attribute');
    let mask = 0n;
    for (const [, bit] of victims) mask |= 1n << BigInt(bit);
    const { prisma, kind } = this.db;
    const dbMask = toDbMask(mask);
    await prisma.$transaction(async (tx) => {
      await tx.attribute.deleteMany({ where: { bit: { in: victims.map(([, b]) => b) } } });
      await tx.$executeRawUnsafe(
        `UPDATE "AudioFile" SET "attributes" = "attributes" & ~CAST(${ph(kind, 1)} AS BIGINT) WHERE ("attributes" & CAST(${ph(kind, 2)} AS BIGINT)) <> 0`,
        dbMask,
        dbMask,
      );
    });
    for (const [name] of victims) this.bits.delete(name);
    // mirror the database change in memory; these files' afsi changed
    this.files.clearBitsInMemory(mask);
    for (const [name, bit] of victims) this.events.emit('attribute:remove', name, bit);
    return victims;
  }
}
