// The user list file (`server.users`, docs/paraslash/protocol.md §4): who may connect to the command port, with
// which key and which permission bits. Read at start and re-read on SIGHUP / `hup`.
import fs from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { PERMS, type PermName } from '@paraweb/contracts';
import { modulusBytes, parsePublicKey } from './keys.js';

export interface User {
  name: string;
  perms: number;
  key: KeyObject;
  /** modulus size in bytes = ciphertext length */
  keyBytes: number;
  keyFile: string;
}

export interface UserLine {
  name: string;
  keyFile: string;
  perms: number;
  lineNo: number;
}

/** OAEP with SHA-1 carries at most k - 42 bytes; the challenge buffer is 128 bytes (§3.3). */
export const MIN_KEY_BYTES = 170;
/** paraslash reads each field with a 200-character limit */
const MAX_WORD = 200;

/** Parses the text; problems that skip a line or a token come back as warnings. */
export function parseUserLines(text: string): { lines: UserLine[]; warnings: string[] } {
  const lines: UserLine[] = [];
  const warnings: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const lineNo = i + 1;
    const words = raw.split(/[ \t\r]+/).filter(Boolean);
    if (words[0] !== 'user') return;
    if (words.length < 3) {
      warnings.push(`line ${lineNo}: want "user <name> <key file> [perms]"`);
      return;
    }
    if (words.slice(0, 4).some((w) => Buffer.byteLength(w) > MAX_WORD)) {
      warnings.push(`line ${lineNo}: a word is longer than ${MAX_WORD} bytes, line skipped`);
      return;
    }
    let perms = 0;
    for (const token of (words[3] ?? '').split(',').slice(0, 4)) {
      if (token in PERMS) perms |= PERMS[token as PermName];
      else if (token !== '') warnings.push(`line ${lineNo}: unknown permission ${token} ignored`);
    }
    lines.push({ name: words[1]!, keyFile: words[2]!, perms, lineNo });
  });
  return { lines, warnings };
}

export interface UserListLog {
  warn(msg: string): void;
  info(msg: string): void;
}

/** The current users; `load()` replaces them all at once, so lookups never see half a list. */
export class UserList {
  private users = new Map<string, User>();

  constructor(
    readonly file: string,
    private readonly log: UserListLog = { warn: () => {}, info: () => {} },
  ) {}

  /** Re-reads the file. A missing file means no users: the command port then admits nobody. */
  async load(): Promise<number> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch (err) {
      this.log.warn(`user list ${this.file} not readable (${(err as Error).message}): no users`);
      this.users = new Map();
      return 0;
    }
    const { lines, warnings } = parseUserLines(text);
    for (const w of warnings) this.log.warn(`${this.file}: ${w}`);
    const next = new Map<string, User>();
    for (const line of lines) {
      const user = await loadUser(line).catch((err: unknown) => {
        this.log.warn(
          `${this.file}: line ${line.lineNo}: user ${line.name} skipped: ${(err as Error).message}`,
        );
        return undefined;
      });
      // the last valid line of a name wins
      if (user) next.set(user.name, user);
    }
    this.users = next;
    this.log.info(`user list ${this.file}: ${next.size} user(s)`);
    return next.size;
  }

  get(name: string): User | undefined {
    return this.users.get(name);
  }

  get size(): number {
    return this.users.size;
  }

  names(): string[] {
    return [...this.users.keys()];
  }
}

async function loadUser(line: UserLine): Promise<User> {
  // the path is used as given: relative to the server's working directory, no ~ expansion
  const key = parsePublicKey(await fs.promises.readFile(line.keyFile, 'utf8'));
  const keyBytes = modulusBytes(key);
  if (keyBytes < MIN_KEY_BYTES)
    throw new Error(`key too short (${keyBytes * 8} bits, need at least ${MIN_KEY_BYTES * 8})`);
  return { name: line.name, perms: line.perms, key, keyBytes, keyFile: line.keyFile };
}
