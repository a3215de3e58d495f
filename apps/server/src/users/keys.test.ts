// Key readers against keys made by ssh-keygen (both private formats) and node, checked by
// encrypting with the public half and decrypting with the private half.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { tempDir } from '../../test/db.js';
import { KeyFormatError, modulusBytes, parsePrivateKey, parsePublicKey } from './keys.js';

const OAEP = { padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' } as const;

function pair(pub: KeyObject, priv: KeyObject): void {
  const secret = crypto.randomBytes(128);
  const c = crypto.publicEncrypt({ key: pub, ...OAEP }, secret);
  assert.ok(crypto.privateDecrypt({ key: priv, ...OAEP }, c).equals(secret));
}

describe('keys', () => {
  const dir = tempDir('paraweb-keys-');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const keygen = (name: string, ...extra: string[]): { priv: string; pub: string } => {
    const f = path.join(dir, name);
    execFileSync('ssh-keygen', ['-q', '-N', '', '-C', name, '-f', f, ...extra]);
    return { priv: fs.readFileSync(f, 'utf8'), pub: fs.readFileSync(`${f}.pub`, 'utf8') };
  };

  test('ssh-keygen OpenSSH private key + ssh-rsa public key', () => {
    const k = keygen('openssh', '-t', 'rsa', '-b', '2048');
    assert.match(k.priv, /^-----BEGIN OPENSSH PRIVATE KEY-----/);
    const priv = parsePrivateKey(k.priv);
    const pub = parsePublicKey(k.pub);
    assert.equal(modulusBytes(pub), 256);
    pair(pub, priv);
    // the private key as PEM agrees with what ssh-keygen converts it to
    const exported = crypto.createPublicKey(priv).export({ type: 'spki', format: 'der' });
    assert.ok(exported.equals(pub.export({ type: 'spki', format: 'der' })));
  });

  test('ssh-keygen -m PEM (PKCS#1) and its public key in PKCS8 / RFC4716-free PEM forms', () => {
    const k = keygen('pem', '-t', 'rsa', '-b', '3072', '-m', 'PEM');
    assert.match(k.priv, /^-----BEGIN RSA PRIVATE KEY-----/);
    const priv = parsePrivateKey(k.priv);
    const pub = parsePublicKey(k.pub);
    assert.equal(modulusBytes(pub), 384);
    pair(pub, priv);
    const spki = execFileSync('ssh-keygen', [
      '-e',
      '-m',
      'PKCS8',
      '-f',
      path.join(dir, 'pem.pub'),
    ]).toString();
    assert.match(spki, /BEGIN PUBLIC KEY/);
    pair(parsePublicKey(spki), priv);
    const pkcs1 = execFileSync('ssh-keygen', [
      '-e',
      '-m',
      'PEM',
      '-f',
      path.join(dir, 'pem.pub'),
    ]).toString();
    assert.match(pkcs1, /BEGIN RSA PUBLIC KEY/);
    pair(parsePublicKey(pkcs1), priv);
  });

  test("node's PKCS#8 private key and SPKI public key", () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const priv = parsePrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const pub = parsePublicKey(publicKey.export({ type: 'spki', format: 'pem' }).toString());
    pair(pub, priv);
  });

  test('refused: passphrases, non-RSA keys, garbage, truncation', () => {
    const enc = keygen('enc', '-t', 'rsa', '-b', '2048');
    execFileSync('ssh-keygen', ['-q', '-p', '-N', 'secret', '-P', '', '-f', path.join(dir, 'enc')]);
    assert.throws(
      () => parsePrivateKey(fs.readFileSync(path.join(dir, 'enc'), 'utf8')),
      /passphrase/,
    );
    void enc;
    const ed = keygen('ed', '-t', 'ed25519');
    assert.throws(() => parsePrivateKey(ed.priv), /not an RSA key/);
    assert.throws(() => parsePublicKey(ed.pub), KeyFormatError);
    assert.throws(() => parsePublicKey('ssh-rsa AAAA'), KeyFormatError);
    assert.throws(() => parsePublicKey('hello'), KeyFormatError);
    const good = keygen('trunc', '-t', 'rsa', '-b', '2048');
    const lines = good.priv.trim().split('\n');
    const cut = [...lines.slice(0, 5), lines.at(-1)!].join('\n');
    assert.throws(() => parsePrivateKey(cut), KeyFormatError);
    const ecPem = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    assert.throws(
      () => parsePublicKey(ecPem.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
      /not an RSA key/,
    );
  });
});
