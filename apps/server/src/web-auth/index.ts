// Public surface of web authentication: passwords, sessions and API tokens for the users of the
// user list, and the cookie and origin rules of the web doors.
export { WebAuth, DEFAULT_SESSION_TTL_MS } from './store.js';
export type { AuthFailure, Principal, TokenInfo, UserDirectory } from './store.js';
export { authenticate, bearerToken, sessionSecret } from './authenticate.js';
export type { AuthResult, Credentials } from './authenticate.js';
export {
  CSRF_HEADER,
  SESSION_COOKIE,
  clearSessionCookie,
  isAllowedOrigin,
  parseCookies,
  sessionCookie,
} from './cookies.js';
export { LoginLimiter, WindowCounter } from './limits.js';
export type { LoginAttempt } from './limits.js';
export {
  hashPassword,
  verifyPassword,
  passwordProblem,
  MIN_PASSWORD_LENGTH,
  MAX_PASSWORD_LENGTH,
} from './passwords.js';
export { TOKEN_PREFIX } from './secrets.js';
