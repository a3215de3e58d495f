// --relay name=URL[,stats=URL] (issue #21): one Icecast relay (or cache) listeners may be sent to.
// URL is what a listener plays, and is published by /api/stream, so it may carry no login; the
// stats URL may (/admin/stats wants the admin's), and is never published. Without stats=, the
// relay's public /status-json.xsl is read.
import { z } from 'zod';

export interface RelaySpec {
  name: string;
  /** the public stream URL (http or https, no user or password) */
  url: string;
  /** the mount on the relay: the URL's path */
  mount: string;
  stats: {
    /** without user and password: safe to show to operators */
    url: string;
    /** Icecast's /status-json.xsl (JSON) or /admin/stats (XML) */
    format: 'json' | 'xml';
    auth?: { user: string; password: string };
  };
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

function httpUrl(text: string, what: string): URL | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${what}: not a URL: ${text}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `${what}: must be an http:// or https:// URL`;
  return url;
}

/** Parses one --relay value; a string is the problem. */
export function parseRelay(arg: string): RelaySpec | string {
  const eq = arg.indexOf('=');
  const name = eq < 0 ? '' : arg.slice(0, eq);
  if (!NAME.test(name))
    return `${arg}: must be name=URL[,stats=URL] with a name of letters, digits, _ . - (at most 32)`;
  const rest = arg.slice(eq + 1);
  const cut = rest.indexOf(',stats=');
  const url = httpUrl(cut < 0 ? rest : rest.slice(0, cut), `relay ${name}`);
  if (typeof url === 'string') return url;
  if (url.username || url.password)
    return `relay ${name}: the stream URL is public: no user or password in it`;
  if (url.pathname === '/' || url.search || url.hash)
    return `relay ${name}: the stream URL must name the mount (http://host:port/mount)`;
  const stats = httpUrl(
    cut < 0 ? `${url.origin}/status-json.xsl` : rest.slice(cut + ',stats='.length),
    `relay ${name}: stats`,
  );
  if (typeof stats === 'string') return stats;
  const auth = stats.username
    ? {
        user: decodeURIComponent(stats.username),
        password: decodeURIComponent(stats.password),
      }
    : undefined;
  stats.username = '';
  stats.password = '';
  return {
    name,
    url: url.toString(),
    mount: decodeURIComponent(url.pathname),
    stats: {
      url: stats.toString(),
      format: /\/admin\/stats(\.xml)?$/.test(stats.pathname) ? 'xml' : 'json',
      ...(auth ? { auth } : {}),
    },
  };
}

/** The --relay values of the configuration: each parsed, names and URLs once each. */
export const RelayListSchema = z.array(z.string()).transform((args, ctx): RelaySpec[] => {
  const out: RelaySpec[] = [];
  for (const arg of args) {
    const r = parseRelay(arg);
    if (typeof r === 'string') ctx.addIssue({ code: 'custom', message: r });
    else if (out.some((o) => o.name === r.name))
      ctx.addIssue({ code: 'custom', message: `relay ${r.name}: listed twice` });
    else if (out.some((o) => o.url === r.url))
      ctx.addIssue({ code: 'custom', message: `relay ${r.name}: ${r.url} listed twice` });
    else out.push(r);
  }
  return out;
});
