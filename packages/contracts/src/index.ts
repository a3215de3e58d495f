// What the server and the web app must agree on, in one place: both import these values, so a
// change here reaches both sides (and their type checks) at once. Values, and checks small
// enough that writing them twice would be the greater risk (attribute names).
export { ALL_PERMS, PERM_NAMES, PERMS, type PermName } from './perms.js';
export { CSRF_HEADER, DEFAULT_API_PORT } from './web-api.js';
export {
  MOOD_INT_KEYWORDS,
  MOOD_KEYWORDS,
  MOOD_STRING_KEYWORDS,
  type MoodIntKeyword,
  type MoodStringKeyword,
} from './mood.js';
export { HTTP_BURST_MS, MAX_ATTRIBUTES } from './stream.js';
export { ATTRIBUTE_NAME_MAX, attributeNameProblem } from './attributes.js';
