// Which sites may show /embed in a frame: PARAWEB_EMBED_ANCESTORS (space-separated CSP sources,
// e.g. "https://example.org https://*.example.net"; default * = any site), read per request. Every
// other page may be framed only by the web app itself, so no site can overlay the dashboard.
import { NextResponse, type NextRequest } from 'next/server';
import { embedAncestorsSetting } from '@/lib/config';

/** CSP source expressions only: a header can never be broken out of */
const SOURCE = /^(\*|'self'|'none'|https?:\/\/[A-Za-z0-9.*-]+(:\d+)?|https?:)$/;

export function embedAncestors(value: string | undefined): string {
  const sources = (value ?? '*').split(/\s+/).filter(Boolean);
  const ok = sources.filter((s) => SOURCE.test(s));
  return ok.length > 0 ? ok.join(' ') : "'none'";
}

export function proxy(req: NextRequest): NextResponse {
  const res = NextResponse.next();
  const ancestors = req.nextUrl.pathname.startsWith('/embed')
    ? embedAncestors(embedAncestorsSetting())
    : "'self'";
  res.headers.set('content-security-policy', `frame-ancestors ${ancestors}`);
  return res;
}

export const config = {
  // pages only: not Next's own assets
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
