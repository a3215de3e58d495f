// The handshake pieces against fixed test vectors and the auth request rules (docs/paraslash/protocol.md §3).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, test } from 'node:test';
import {
  authRequest,
  challengeDigest,
  decryptChallenge,
  encryptChallenge,
  parseAuthRequest,
  RAND_SIZE,
  sessionCiphers,
  welcomeComplete,
  welcomeFeatures,
  welcomeText,
} from './handshake.js';
import { encodePacket, SBD } from './sideband.js';

const seq = (n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => i));
const hex = (b: Buffer): string => b.toString('hex');

describe('handshake', () => {
  test('welcome text and its features', () => {
    const w = welcomeText('0.1.0');
    assert.equal(
      w.toString(),
      'This is para_server, version 0.1.0.\nFeatures: sideband,aes_ctr128,sha256\n',
    );
    assert.ok(welcomeComplete(w));
    assert.ok(!welcomeComplete(w.subarray(0, 40)));
    assert.deepEqual(welcomeFeatures(w), ['sideband', 'aes_ctr128', 'sha256']);
    assert.deepEqual(welcomeFeatures(Buffer.from('This is para_server, version 0.5.\n')), []);
  });

  test('auth requests: what is accepted and what closes the connection', () => {
    assert.equal(authRequest('maan', true).toString(), 'auth rsa maan sideband,aes_ctr128,sha256');
    assert.equal(authRequest('maan', false).toString(), 'auth rsa maan sideband,aes_ctr128');
    const ok = (s: string) => parseAuthRequest(Buffer.from(s));
    assert.deepEqual(ok('auth rsa maan sideband,aes_ctr128,sha256'), {
      user: 'maan',
      sha256: true,
    });
    assert.deepEqual(ok('auth rsa maan sideband,aes_ctr128'), { user: 'maan', sha256: false });
    // sideband and aes_ctr128 are implied; no feature list at all means SHA-1
    assert.deepEqual(ok('auth rsa maan'), { user: 'maan', sha256: false });
    assert.deepEqual(ok('auth rsa xy sha256'), { user: 'xy', sha256: true });
    for (const bad of [
      'auth rsa m', // shorter than prefix + 2
      'auth rsa  sideband', // empty user
      'auth dsa maan sideband',
      'auth rsa maan sideband,', // empty token
      'auth rsa maan sideband,rc4',
      'auth rsa maan sideband,aes_ctr128\n',
      `auth rsa ${'x'.repeat(4087)}`, // longer than one 4095-byte read
    ])
      assert.equal(parseAuthRequest(Buffer.from(bad)), undefined, JSON.stringify(bad.slice(0, 40)));
  });

  test('challenge digests match the spec vectors', () => {
    const rand = seq(RAND_SIZE);
    assert.equal(hex(challengeDigest(rand, false)), 'c6138d514ffa2135bfce0ed0b8fac65669917ec7');
    assert.equal(
      hex(challengeDigest(rand, true)),
      'fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108',
    );
  });

  test('session key streams match the spec vectors and carry partial blocks over', () => {
    const rand = seq(RAND_SIZE);
    const server = sessionCiphers(rand, 'server');
    const client = sessionCiphers(rand, 'client');
    assert.equal(hex(server.send.update(encodePacket(SBD.PROCEED))), 'f057b77185');
    const cmd = client.send.update(encodePacket(SBD.COMMAND, Buffer.from('version\0')));
    assert.equal(hex(cmd), 'ce2e52125cedfbdd6ac7fb6303');
    assert.equal(hex(server.recv.update(cmd)), '080000000476657273696f6e00');
    assert.equal(
      hex(server.send.update(encodePacket(SBD.OUTPUT, Buffer.from('0.7.3\n')))),
      '40644f9aca6c4eb79641d9',
    );
    assert.equal(hex(server.send.update(encodePacket(SBD.EXIT_SUCCESS))), '88697f6d3f');
  });

  test('RSA-OAEP(SHA-1) challenge: k bytes, decrypts only with the right key', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const rand = crypto.randomBytes(RAND_SIZE);
    const c = encryptChallenge(publicKey, rand);
    assert.equal(c.length, 256);
    assert.ok(decryptChallenge(privateKey, c).equals(rand));
    assert.throws(() => decryptChallenge(other, c));
    // the same padding as OpenSSL's RSA_PKCS1_OAEP_PADDING defaults, as the spec's Python line says
    const plain = crypto.privateDecrypt(
      { key: privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING },
      c,
    );
    assert.ok(plain.equals(rand));
    // a plaintext that is not 128 bytes is refused
    const short = crypto.publicEncrypt(
      { key: publicKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.alloc(64),
    );
    assert.throws(() => decryptChallenge(privateKey, short), /challenge of 64 bytes/);
  });
});
