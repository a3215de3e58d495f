// Random secrets for session cookies and API tokens, and the digest under which they are stored.
// They carry 256 random bits, so a plain SHA-256 is enough (no slow hash needed, unlike passwords).
import crypto from 'node:crypto';

export const TOKEN_PREFIX = 'pwt_';

export function newSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function newApiToken(): string {
  return `${TOKEN_PREFIX}${newSecret()}`;
}

export function digest(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}
