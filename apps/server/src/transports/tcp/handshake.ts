// The pieces of the handshake both sides share (docs/paraslash/protocol.md §3.1-3.5): welcome text, auth
// request, RSA-OAEP challenge, challenge digest and the two AES-128-CTR session key streams.
import crypto from 'node:crypto';
import type { Cipher, Decipher, KeyObject } from 'node:crypto';

/** the feature list a compatible server announces */
export const SERVER_FEATURES = 'sideband,aes_ctr128,sha256';
const KNOWN_FEATURES = new Set(['sideband', 'aes_ctr128', 'sha256']);
export const AUTH_PREFIX = 'auth rsa ';
/** the server reads the auth request with one recv() into a 4096-byte buffer */
export const MAX_AUTH_REQUEST = 4095;
/** the client reads at most this much while waiting for the welcome */
export const MAX_WELCOME = 4096;

export const CHALLENGE_SIZE = 64;
export const SESSION_KEY_LEN = 32;
export const RAND_SIZE = CHALLENGE_SIZE + 2 * SESSION_KEY_LEN;
/** what an unknown user gets instead of a ciphertext */
export const UNKNOWN_USER_CHALLENGE = 256;

export function welcomeText(version: string): Buffer {
  return Buffer.from(
    `This is para_server, version ${version.replace(/\n/g, ' ')}.\nFeatures: ${SERVER_FEATURES}\n`,
  );
}

/** True once `buf` holds the whole welcome: two newlines, 4096 bytes. */
export function welcomeComplete(buf: Buffer): boolean {
  if (buf.length >= MAX_WELCOME) return true;
  const first = buf.indexOf(0x0a);
  return first >= 0 && buf.indexOf(0x0a, first + 1) >= 0;
}

/** The feature names of a welcome text; none when there is no `Features:` line. */
export function welcomeFeatures(welcome: Buffer): string[] {
  const text = welcome.toString('latin1');
  const at = text.indexOf('\nFeatures: ');
  if (at < 0) return [];
  const rest = text.slice(at + '\nFeatures: '.length);
  const end = rest.indexOf('\n');
  return (end < 0 ? rest : rest.slice(0, end)).split(',').filter(Boolean);
}

export function authRequest(user: string, sha256: boolean): Buffer {
  return Buffer.from(`${AUTH_PREFIX}${user} sideband,aes_ctr128${sha256 ? ',sha256' : ''}`);
}

export interface AuthRequest {
  user: string;
  sha256: boolean;
}

/** The request as one recv() returned it; undefined means close silently (§3.2). */
export function parseAuthRequest(buf: Buffer): AuthRequest | undefined {
  if (buf.length < AUTH_PREFIX.length + 2 || buf.length > MAX_AUTH_REQUEST) return undefined;
  if (buf.subarray(0, AUTH_PREFIX.length).toString('latin1') !== AUTH_PREFIX) return undefined;
  const rest = buf.subarray(AUTH_PREFIX.length);
  const space = rest.indexOf(0x20);
  const userBytes = space < 0 ? rest : rest.subarray(0, space);
  if (userBytes.length === 0) return undefined;
  let sha256 = false;
  if (space >= 0) {
    for (const token of rest
      .subarray(space + 1)
      .toString('latin1')
      .split(',')) {
      if (!KNOWN_FEATURES.has(token)) return undefined;
      if (token === 'sha256') sha256 = true;
    }
  }
  return { user: userBytes.toString('utf8'), sha256 };
}

const OAEP = { padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' } as const;

/** RSAES-OAEP, SHA-1, MGF1-SHA-1, empty label: k bytes of ciphertext. */
export function encryptChallenge(key: KeyObject, rand: Buffer): Buffer {
  return crypto.publicEncrypt({ key, ...OAEP }, rand);
}

/** Throws when the key does not fit (wrong key, unknown user, wrong length). */
export function decryptChallenge(key: KeyObject, ciphertext: Buffer): Buffer {
  const plain = crypto.privateDecrypt({ key, ...OAEP }, ciphertext);
  if (plain.length !== RAND_SIZE) throw new Error(`challenge of ${plain.length} bytes`);
  return plain;
}

/** H(first 64 bytes): SHA-256 when the auth request listed sha256, else SHA-1; raw digest. */
export function challengeDigest(rand: Buffer, sha256: boolean): Buffer {
  return crypto
    .createHash(sha256 ? 'sha256' : 'sha1')
    .update(rand.subarray(0, CHALLENGE_SIZE))
    .digest();
}

export function digestMatches(expected: Buffer, got: Buffer): boolean {
  return expected.length === got.length && crypto.timingSafeEqual(expected, got);
}

export interface SessionCiphers {
  send: Cipher;
  recv: Decipher;
}

/**
 * client->server stream = rand[64..96), server->client = rand[96..128); each 32-byte block is
 * AES key (16) + initial counter block (16). One stream per direction for the whole connection.
 */
export function sessionCiphers(rand: Buffer, side: 'server' | 'client'): SessionCiphers {
  const c2s = rand.subarray(CHALLENGE_SIZE, CHALLENGE_SIZE + SESSION_KEY_LEN);
  const s2c = rand.subarray(CHALLENGE_SIZE + SESSION_KEY_LEN, RAND_SIZE);
  const [sendKey, recvKey] = side === 'server' ? [s2c, c2s] : [c2s, s2c];
  return {
    send: crypto.createCipheriv('aes-128-ctr', sendKey.subarray(0, 16), sendKey.subarray(16)),
    recv: crypto.createDecipheriv('aes-128-ctr', recvKey.subarray(0, 16), recvKey.subarray(16)),
  };
}
