// Password hashing for web logins: scrypt from node:crypto with a random salt per password,
// stored as one self-describing string so the cost can be raised later without a migration.
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

/** N = 2^15 costs about 30-60 ms here: slow for guessing, quick enough for a login. */
export const SCRYPT_PARAMS = { N: 32768, r: 8, p: 1 } as const;
const KEY_LEN = 32;
const SALT_LEN = 16;
/** scrypt needs 128 * N * r bytes; leave room above Node's 32 MiB default */
const MAX_MEM = 64 * 1024 * 1024;
/** longer passwords are refused rather than hashed: bounds the work one request can cause */
export const MAX_PASSWORD_LENGTH = 1024;
export const MIN_PASSWORD_LENGTH = 8;

/** "scrypt$N$r$p$salt$key" with salt and key in base64 */
export async function hashPassword(
  password: string,
  params: { N: number; r: number; p: number } = SCRYPT_PARAMS,
): Promise<string> {
  const salt = crypto.randomBytes(SALT_LEN);
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LEN, {
    ...params,
    maxmem: MAX_MEM,
  });
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

/** Constant-time comparison; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length === 0 || password.length > MAX_PASSWORD_LENGTH) return false;
  const key = await scrypt(password.normalize('NFC'), salt, expected.length, {
    N,
    r,
    p,
    maxmem: MAX_MEM,
  });
  return crypto.timingSafeEqual(key, expected);
}

/** Why a new password is refused, or undefined when it is fine. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `password too short (at least ${MIN_PASSWORD_LENGTH} characters)`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `password too long (at most ${MAX_PASSWORD_LENGTH} characters)`;
  return undefined;
}
