// The web app's settings from the environment, read here only.

/**
 * Where the browser finds the API and the stream, from the web server's environment at request
 * time (PARAWEB_API_URL, PARAWEB_STREAM_URL), so one build serves any appliance.
 */
export function runtimeUrls(): { apiUrl: string | undefined; streamUrl: string | undefined } {
  return { apiUrl: process.env.PARAWEB_API_URL, streamUrl: process.env.PARAWEB_STREAM_URL };
}

/** NEXT_PUBLIC_API_URL, the build-time fallback (Next inlines it into the browser bundle) */
export const BUILD_API_URL: string | undefined = process.env.NEXT_PUBLIC_API_URL;

/** PARAWEB_EMBED_ANCESTORS: which sites may frame /embed (CSP sources), read per request */
export function embedAncestorsSetting(): string | undefined {
  return process.env.PARAWEB_EMBED_ANCESTORS;
}
