// Test helper: Debian's nginx (/usr/sbin/nginx) on a loopback port with a config of the repo
// (deploy/nginx/*.conf) whose marked lines are replaced, its own prefix, cache and temp dirs.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NGINX = '/usr/sbin/nginx';
// dist/test -> the repository
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface OwnNginx {
  port: number;
  dir: string;
  /** the tail of its error log */
  errors(): string;
  stop(): Promise<void>;
}

/**
 * Starts nginx with deploy/nginx/`file` inside a main config of our own: `replace` maps text of
 * the file to what the test needs (the cache directory is set here); resolves once it runs.
 */
export async function startNginx(
  file: string,
  dir: string,
  port: number,
  replace: [string, string][],
): Promise<OwnNginx> {
  if (!fs.existsSync(NGINX)) throw new Error('nginx is missing: apt-get install nginx-light');
  // started as root, nginx's workers run as nobody: they write the cache and temp files here
  fs.chmodSync(dir, 0o777);
  let conf = fs
    .readFileSync(path.join(REPO, 'deploy/nginx', file), 'utf8')
    .replace('/var/cache/nginx/paraweb-hls', path.join(dir, 'cache'))
    .replace('listen 8080;', `listen 127.0.0.1:${port};`);
  for (const [from, to] of replace) {
    if (!conf.includes(from)) throw new Error(`${file} has no ${from}`);
    conf = conf.replace(from, to);
  }
  const tmp = (n: string): string => path.join(dir, n);
  fs.writeFileSync(
    tmp('nginx.conf'),
    `
pid ${tmp('nginx.pid')};
error_log ${tmp('error.log')} warn;
worker_processes 1;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${tmp('body')};
  proxy_temp_path ${tmp('proxy')};
  fastcgi_temp_path ${tmp('fastcgi')};
  uwsgi_temp_path ${tmp('uwsgi')};
  scgi_temp_path ${tmp('scgi')};
${conf}
}
`,
  );
  const child: ChildProcess = spawn(
    NGINX,
    ['-p', dir, '-c', tmp('nginx.conf'), '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const end = Date.now() + 10_000;
  while (!fs.existsSync(tmp('nginx.pid'))) {
    if (child.exitCode !== null || Date.now() > end)
      throw new Error(`nginx did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    dir,
    errors: () =>
      fs.existsSync(tmp('error.log')) ? fs.readFileSync(tmp('error.log'), 'utf8').slice(-2000) : '',
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
