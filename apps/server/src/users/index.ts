// Public surface of the users subsystem: the user list file and the RSA key readers.
export { UserList, parseUserLines, MIN_KEY_BYTES } from './user-list.js';
export type { User, UserLine, UserListLog } from './user-list.js';
export { parsePublicKey, parsePrivateKey, modulusBytes, KeyFormatError } from './keys.js';
