#!/usr/bin/env node
// para_webuser: web logins of the users of the user list. Sets passwords (scrypt), makes and
// revokes API tokens and ends sessions, directly in the database the server uses.
import fs from 'node:fs';
import readline from 'node:readline';
import { Writable } from 'node:stream';
import { permText } from '../src/commands/perms.js';
import { splitServerArgs as split } from '../src/config-options.js';
import { loadConfig } from '../src/config.js';
import { isPostgresUrl, migrate, openDatabase } from '../src/db/index.js';
import { UserList } from '../src/users/index.js';
import { WebAuth } from '../src/web-auth/index.js';
import { exitWhenWritten } from './exit.js';

const USAGE = `usage: para_webuser [server options] [--] command [args...]
Web logins for the users of the user list (--user-list), in the server's database
(--afs-database-dir, --database-url, -c config file; DATABASE_URL also works).
  users                 the users of the user list, their permissions and whether they have a password
  passwd <user>         set the web password (read from standard input; prompted on a terminal)
  rmpasswd <user>       remove the web password and end the user's sessions
  token <user> [label]  make an API token; it is printed once and cannot be shown again
  tokens [user]         list API tokens (id, user, label, created, last used)
  rmtoken <id>          revoke an API token
  logout <user>         end every browser session of the user
`;

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const parts: Buffer[] = [];
    for await (const d of process.stdin) parts.push(d as Buffer);
    return Buffer.concat(parts)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  // on a terminal: prompt twice, without echo
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  const ask = (q: string): Promise<string> =>
    new Promise((resolve) => {
      muted = false;
      output.write(q);
      muted = true;
      rl.question('', (a) => {
        process.stderr.write('\n');
        resolve(a);
      });
    });
  try {
    const first = await ask('new web password: ');
    const again = await ask('again: ');
    if (first !== again) throw new Error('the passwords differ');
    return first;
  } finally {
    rl.close();
  }
}

function need(arg: string | undefined, what: string): string {
  if (arg === undefined || arg === '') throw new Error(`${what} missing\n${USAGE}`);
  return arg;
}

async function main(): Promise<number> {
  const { serverArgs, command } = split(process.argv.slice(2));
  const [cmd, ...args] = command;
  if (cmd === undefined || cmd === '--help' || cmd === '-h') {
    process.stdout.write(USAGE);
    return cmd === undefined ? 2 : 0;
  }
  const loaded = loadConfig(serverArgs);
  if (!loaded.ok) {
    process.stderr.write(`para_webuser: ${loaded.errors.join('\n  ')}\n`);
    return 2;
  }
  if (!('config' in loaded)) {
    process.stdout.write(USAGE);
    return 0;
  }
  const { config } = loaded;
  const users = new UserList(config.userList, {
    warn: (m) => process.stderr.write(`para_webuser: ${m}\n`),
    info: () => {},
  });
  await users.load();
  if (!isPostgresUrl(config.databaseUrl)) fs.mkdirSync(config.afsDatabaseDir, { recursive: true });
  const db = await openDatabase(config.databaseUrl);
  try {
    await migrate(db);
    const auth = new WebAuth(db, users);
    const out = (s: string): boolean => process.stdout.write(s);
    const warnUnknown = (user: string): void => {
      if (!users.get(user))
        process.stderr.write(
          `para_webuser: warning: ${user} is not in the user list ${config.userList}; logins fail until it is\n`,
        );
    };
    switch (cmd) {
      case 'users': {
        const withPassword = new Set((await db.prisma.webPassword.findMany()).map((r) => r.user));
        for (const name of users.names().sort()) {
          const perms = permText(users.get(name)?.perms ?? 0);
          out(`${name}\t${perms}\t${withPassword.has(name) ? 'password' : 'no password'}\n`);
        }
        return 0;
      }
      case 'passwd': {
        const user = need(args[0], 'user');
        warnUnknown(user);
        await auth.setPassword(user, await readPassword());
        out(`password of ${user} set; their sessions were ended\n`);
        return 0;
      }
      case 'rmpasswd': {
        const user = need(args[0], 'user');
        if (!(await auth.removePassword(user))) throw new Error(`${user} has no web password`);
        return 0;
      }
      case 'token': {
        const user = need(args[0], 'user');
        warnUnknown(user);
        const { id, token } = await auth.createToken(user, args.slice(1).join(' '));
        process.stderr.write(`token ${id} for ${user} (shown once; keep it secret):\n`);
        out(`${token}\n`);
        return 0;
      }
      case 'tokens': {
        for (const t of await auth.listTokens(args[0]))
          out(
            `${t.id}\t${t.user}\t${t.label || '-'}\t${t.createdAt.toISOString()}\t${t.lastUsedAt?.toISOString() ?? 'never used'}\n`,
          );
        return 0;
      }
      case 'rmtoken': {
        const id = Number(need(args[0], 'token id'));
        if (!Number.isInteger(id) || id <= 0) throw new Error(`not a token id: ${args[0]}`);
        if (!(await auth.revokeToken(id))) throw new Error(`no token ${id}`);
        return 0;
      }
      case 'logout': {
        const user = need(args[0], 'user');
        out(`${await auth.revokeSessions(user)} session(s) of ${user} ended\n`);
        return 0;
      }
      default:
        throw new Error(`unknown command ${cmd}\n${USAGE}`);
    }
  } finally {
    await db.close();
  }
}

main()
  .then(exitWhenWritten)
  .catch((err: unknown) => {
    process.stderr.write(`para_webuser: ${err instanceof Error ? err.message : String(err)}\n`);
    exitWhenWritten(1);
  });
