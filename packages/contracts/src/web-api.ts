// The web API's wire details that the dashboard has to match.

/** every mutation over HTTP must carry this header (any value): a cross-site form cannot set it */
export const CSRF_HEADER = 'x-paraweb-csrf';

/** the API's port when --api-port is not given; the dashboard looks there when not told */
export const DEFAULT_API_PORT = 8080;
