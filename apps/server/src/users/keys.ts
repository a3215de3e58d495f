// RSA keys in the formats paraslash users have (docs/paraslash/protocol.md §4.1): OpenSSH one-line public keys and
// unencrypted OpenSSH private keys (node:crypto reads neither), and PEM in every RSA flavour.
import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export class KeyFormatError extends Error {
  override readonly name = 'KeyFormatError';
}

/** Reads the SSH wire encoding (RFC 4251): uint32, string, mpint. */
class SshReader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  uint32(): number {
    if (this.pos + 4 > this.buf.length) throw new KeyFormatError('truncated key');
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  bytes(n: number): Buffer {
    if (this.pos + n > this.buf.length) throw new KeyFormatError('truncated key');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  string(): Buffer {
    return this.bytes(this.uint32());
  }

  /** an unsigned big integer without leading zero bytes (the sign byte of mpint dropped) */
  mpint(): Buffer {
    const raw = this.string();
    if (raw.length > 0 && (raw[0]! & 0x80) !== 0) throw new KeyFormatError('negative integer');
    let i = 0;
    while (i < raw.length - 1 && raw[i] === 0) i++;
    return raw.subarray(i);
  }
}

const b64url = (b: Buffer): string => b.toString('base64url');
const toBig = (b: Buffer): bigint => (b.length === 0 ? 0n : BigInt(`0x${b.toString('hex')}`));
function fromBig(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, 'hex');
}

/** `ssh-rsa <base64> [comment]`: the blob is string "ssh-rsa", mpint e, mpint n. */
function sshPublicKey(line: string): KeyObject {
  const [type, blob] = line.trim().split(/\s+/);
  if (type !== 'ssh-rsa' || !blob) throw new KeyFormatError('not an ssh-rsa public key');
  const r = new SshReader(Buffer.from(blob, 'base64'));
  if (r.string().toString('latin1') !== 'ssh-rsa')
    throw new KeyFormatError('key blob is not ssh-rsa');
  const e = r.mpint();
  const n = r.mpint();
  return createKey(() =>
    crypto.createPublicKey({ key: { kty: 'RSA', n: b64url(n), e: b64url(e) }, format: 'jwk' }),
  );
}

const OPENSSH_MAGIC = 'openssh-key-v1\0';

/** The openssh-key-v1 container (PROTOCOL.key in OpenSSH): only unencrypted RSA keys. */
function opensshPrivateKey(pem: string): KeyObject {
  const body =
    /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(pem)?.[1];
  if (body === undefined) throw new KeyFormatError('no OpenSSH private key block');
  const buf = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (buf.subarray(0, OPENSSH_MAGIC.length).toString('latin1') !== OPENSSH_MAGIC)
    throw new KeyFormatError('not an openssh-key-v1 key');
  const r = new SshReader(buf.subarray(OPENSSH_MAGIC.length));
  const cipher = r.string().toString('latin1');
  const kdf = r.string().toString('latin1');
  r.string(); // kdf options
  if (cipher !== 'none' || kdf !== 'none')
    throw new KeyFormatError('passphrase-protected keys are not supported');
  if (r.uint32() !== 1) throw new KeyFormatError('expected exactly one key');
  r.string(); // the public key, repeated inside the private section
  const p = new SshReader(r.string());
  if (p.uint32() !== p.uint32())
    throw new KeyFormatError('corrupt private key (check bytes differ)');
  const type = p.string().toString('latin1');
  if (type !== 'ssh-rsa') throw new KeyFormatError(`not an RSA key: ${type}`);
  const [n, e, d, iqmp, pp, q] = [p.mpint(), p.mpint(), p.mpint(), p.mpint(), p.mpint(), p.mpint()];
  // OpenSSH stores iqmp but not the CRT exponents that JWK wants
  const dBig = toBig(d);
  const dp = fromBig(dBig % (toBig(pp) - 1n));
  const dq = fromBig(dBig % (toBig(q) - 1n));
  const jwk = {
    kty: 'RSA',
    n: b64url(n),
    e: b64url(e),
    d: b64url(d),
    p: b64url(pp),
    q: b64url(q),
    dp: b64url(dp),
    dq: b64url(dq),
    qi: b64url(iqmp),
  };
  return createKey(() => crypto.createPrivateKey({ key: jwk, format: 'jwk' }));
}

function createKey(make: () => KeyObject): KeyObject {
  let key: KeyObject;
  try {
    key = make();
  } catch (err) {
    throw new KeyFormatError(err instanceof Error ? err.message : String(err));
  }
  if (key.asymmetricKeyType !== 'rsa') throw new KeyFormatError('not an RSA key');
  return key;
}

/** A public key file: `ssh-rsa ...` or PEM (PUBLIC KEY / RSA PUBLIC KEY / a certificate-free private key). */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('ssh-rsa')) return sshPublicKey(trimmed);
  if (trimmed.startsWith('-----BEGIN OPENSSH PRIVATE KEY-----'))
    return crypto.createPublicKey(opensshPrivateKey(trimmed));
  if (trimmed.startsWith('-----BEGIN')) return createKey(() => crypto.createPublicKey(trimmed));
  throw new KeyFormatError('unknown key format (want ssh-rsa or PEM)');
}

/** A private key file: OpenSSH (unencrypted) or PEM (PKCS#1 / PKCS#8). */
export function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN OPENSSH PRIVATE KEY-----')) return opensshPrivateKey(trimmed);
  if (/^-----BEGIN (RSA )?PRIVATE KEY-----/.test(trimmed))
    return createKey(() => crypto.createPrivateKey(trimmed));
  if (
    trimmed.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----') ||
    /Proc-Type: 4,ENCRYPTED/.test(trimmed)
  )
    throw new KeyFormatError('passphrase-protected keys are not supported');
  throw new KeyFormatError('unknown private key format (want OpenSSH or PEM)');
}

/** RSA modulus size in bytes: the length of every ciphertext made with the key. */
export function modulusBytes(key: KeyObject): number {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits === undefined) throw new KeyFormatError('not an RSA key');
  return Math.ceil(bits / 8);
}
