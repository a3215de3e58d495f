// Web logins in the database: passwords (scrypt), browser sessions and API tokens (SHA-256 of the
// secret). Who a user is and what they may do comes from the user list; this only proves identity.
import { EventEmitter } from 'node:events';
import type { Database } from '../db/index.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { digest, newApiToken, newSecret, TOKEN_PREFIX } from './secrets.js';

/** The users of the user list, as the web side needs them (users/UserList fits). */
export interface UserDirectory {
  get(name: string): { name: string; perms: number } | undefined;
}

/** Who a request acts for: a user of the user list with that list's permission bits. */
export interface Principal {
  user: string;
  perms: number;
  via: 'session' | 'token';
  /** the stored digest of the session, for logout */
  sessionId?: string;
  tokenId?: number;
  expiresAt?: Date;
}

export interface TokenInfo {
  id: number;
  user: string;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** why authentication failed: the credential is unknown (forged, revoked) or too old */
export type AuthFailure = 'invalid' | 'expired';

export const DEFAULT_SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
/** lastUsedAt is written at most this often per token, not on every request */
const TOKEN_TOUCH_MS = 60_000;

export class WebAuth {
  private readonly touched = new Map<number, number>();
  /**
   * 'revoked': sessions or tokens were ended in this process (logout, password change, revoke),
   * so live connections (socket.io, subscriptions) check their credentials again at once.
   */
  readonly events = new EventEmitter<{ revoked: [] }>();

  constructor(
    private readonly db: Database,
    private readonly users: UserDirectory,
    readonly sessionTtlMs = DEFAULT_SESSION_TTL_MS,
  ) {}

  /** Sets (or replaces) a password and ends the user's sessions. */
  async setPassword(user: string, password: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw new Error(problem);
    const hash = await hashPassword(password);
    await this.db.prisma.webPassword.upsert({
      where: { user },
      create: { user, hash },
      update: { hash, updatedAt: new Date() },
    });
    await this.revokeSessions(user);
  }

  async removePassword(user: string): Promise<boolean> {
    const { count } = await this.db.prisma.webPassword.deleteMany({ where: { user } });
    await this.revokeSessions(user);
    return count > 0;
  }

  async checkPassword(user: string, password: string): Promise<boolean> {
    const row = await this.db.prisma.webPassword.findUnique({ where: { user } });
    // hash anyway for unknown users, so timing does not tell which names have a password
    const ok = await verifyPassword(password, row?.hash ?? (await dummy()));
    return ok && row !== null && this.users.get(user) !== undefined;
  }

  /** A new session for a correct password, or undefined. The secret goes into the cookie. */
  async login(
    user: string,
    password: string,
  ): Promise<{ secret: string; expiresAt: Date } | undefined> {
    if (!(await this.checkPassword(user, password))) return undefined;
    return this.createSession(user);
  }

  async createSession(user: string): Promise<{ secret: string; expiresAt: Date }> {
    const secret = newSecret();
    const expiresAt = new Date(Date.now() + this.sessionTtlMs);
    await this.db.prisma.webSession.create({ data: { id: digest(secret), user, expiresAt } });
    return { secret, expiresAt };
  }

  async session(secret: string): Promise<Principal | AuthFailure> {
    const id = digest(secret);
    const row = await this.db.prisma.webSession.findUnique({ where: { id } });
    if (!row) return 'invalid';
    if (row.expiresAt.getTime() <= Date.now()) {
      await this.db.prisma.webSession.deleteMany({ where: { id } });
      return 'expired';
    }
    const entry = this.users.get(row.user);
    if (!entry) return 'invalid';
    return {
      user: row.user,
      perms: entry.perms,
      via: 'session',
      sessionId: id,
      expiresAt: row.expiresAt,
    };
  }

  async logout(sessionId: string): Promise<void> {
    await this.db.prisma.webSession.deleteMany({ where: { id: sessionId } });
    this.events.emit('revoked');
  }

  /** Ends every session of a user, but the one given. */
  async revokeSessions(user: string, except?: string): Promise<number> {
    const { count } = await this.db.prisma.webSession.deleteMany({
      where: except === undefined ? { user } : { user, id: { not: except } },
    });
    if (count > 0) this.events.emit('revoked');
    return count;
  }

  /** The token is returned once; only its digest is stored. */
  async createToken(user: string, label: string): Promise<{ id: number; token: string }> {
    const token = newApiToken();
    const row = await this.db.prisma.apiToken.create({
      data: { user, label, hash: digest(token) },
    });
    return { id: row.id, token };
  }

  async listTokens(user?: string): Promise<TokenInfo[]> {
    return this.db.prisma.apiToken.findMany({
      where: user === undefined ? {} : { user },
      select: { id: true, user: true, label: true, createdAt: true, lastUsedAt: true },
      orderBy: { id: 'asc' },
    });
  }

  /** Revokes a token (only one of `user`'s when given); false if there was none. */
  async revokeToken(id: number, user?: string): Promise<boolean> {
    const { count } = await this.db.prisma.apiToken.deleteMany({
      where: user === undefined ? { id } : { id, user },
    });
    this.touched.delete(id);
    if (count > 0) this.events.emit('revoked');
    return count > 0;
  }

  async token(secret: string): Promise<Principal | AuthFailure> {
    if (!secret.startsWith(TOKEN_PREFIX)) return 'invalid';
    const row = await this.db.prisma.apiToken.findUnique({ where: { hash: digest(secret) } });
    if (!row) return 'invalid';
    const entry = this.users.get(row.user);
    if (!entry) return 'invalid';
    const now = Date.now();
    if (now - (this.touched.get(row.id) ?? 0) > TOKEN_TOUCH_MS) {
      this.touched.set(row.id, now);
      await this.db.prisma.apiToken.updateMany({
        where: { id: row.id },
        data: { lastUsedAt: new Date(now) },
      });
    }
    return { user: row.user, perms: entry.perms, via: 'token', tokenId: row.id };
  }

  /** Deletes expired sessions; returns how many. */
  async purgeExpired(): Promise<number> {
    const { count } = await this.db.prisma.webSession.deleteMany({
      where: { expiresAt: { lte: new Date() } },
    });
    return count;
  }
}

/** a valid hash of a random password, verified against when the user has none (made once) */
let dummyHash: Promise<string> | undefined;
function dummy(): Promise<string> {
  dummyHash ??= hashPassword(newSecret());
  return dummyHash;
}
