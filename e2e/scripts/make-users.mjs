// Writes the e2e user list: admin (every bit) and guest (read only), each with a fresh RSA key,
// because para_server's user list names a public key per user. Usage: make-users.mjs DATA_DIR
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: make-users.mjs DATA_DIR');
const users = {
  admin: 'AFS_READ,AFS_WRITE,VSS_READ,VSS_WRITE',
  guest: 'AFS_READ,VSS_READ',
};
fs.mkdirSync(path.join(dir, 'keys'), { recursive: true });
const lines = [];
for (const [name, perms] of Object.entries(users)) {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const file = path.join(dir, 'keys', `${name}.pub`);
  fs.writeFileSync(file, publicKey.export({ type: 'spki', format: 'pem' }));
  lines.push(`user ${name} ${file} ${perms}`);
}
fs.writeFileSync(path.join(dir, 'users'), lines.join('\n') + '\n');
