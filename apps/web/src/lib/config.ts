// The web app's settings from the environment, read here only.

export interface RuntimeUrls {
  apiUrl: string | undefined;
  /** without an API URL: the API's port on the page's host (the server's --api-port) */
  apiPort: number | undefined;
  streamUrl: string | undefined;
}

/**
 * Where the browser finds the API and the stream, from the web server's environment at request
 * time (PARAWEB_API_URL, PARAWEB_API_PORT, PARAWEB_STREAM_URL), so one build serves any appliance.
 * PARAWEB_API_PORT is the variable `npm run up` gives the server too.
 */
export function runtimeUrls(): RuntimeUrls {
  const port = Number(process.env.PARAWEB_API_PORT);
  return {
    apiUrl: process.env.PARAWEB_API_URL,
    apiPort: Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined,
    streamUrl: process.env.PARAWEB_STREAM_URL,
  };
}

/** NEXT_PUBLIC_API_URL, the build-time fallback (Next inlines it into the browser bundle) */
export const BUILD_API_URL: string | undefined = process.env.NEXT_PUBLIC_API_URL;

/** PARAWEB_EMBED_ANCESTORS: which sites may frame /embed (CSP sources), read per request */
export function embedAncestorsSetting(): string | undefined {
  return process.env.PARAWEB_EMBED_ANCESTORS;
}
