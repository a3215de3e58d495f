// First start of `npm run up`: an admin user with every permission bit, so the dashboard and
// para_client can be used at once. Writes DATA/users (the user list), DATA/keys/admin (private
// key for para_client -k) and .pub, and prints a new random web password on stdout.
// Usage: first-admin.mjs DATA_DIR  (does nothing, prints nothing, if DATA/users exists)
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: first-admin.mjs DATA_DIR');
const list = path.join(dir, 'users');
if (fs.existsSync(list)) process.exit(0);
const keys = path.join(dir, 'keys');
fs.mkdirSync(keys, { recursive: true, mode: 0o700 });
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
fs.writeFileSync(path.join(keys, 'admin'), privateKey.export({ type: 'pkcs1', format: 'pem' }), {
  mode: 0o600,
});
fs.writeFileSync(path.join(keys, 'admin.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
fs.writeFileSync(
  list,
  `user admin ${path.join(keys, 'admin.pub')} AFS_READ,AFS_WRITE,VSS_READ,VSS_WRITE\n`,
);
const password = randomBytes(12).toString('base64url');
fs.writeFileSync(path.join(dir, 'admin-password'), `${password}\n`, { mode: 0o600 });
process.stdout.write(password);
