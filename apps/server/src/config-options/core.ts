// The server process: help, config file, logging, the command port, users, autoplay, the afs
// database (paraslash's names and defaults).
import os from 'node:os';
import path from 'node:path';
import type { ServerOption } from './types.js';
import { LOGLEVELS } from './types.js';

const home = os.homedir();

export const CORE_OPTIONS: readonly ServerOption[] = [
  { name: 'help', short: 'h', type: 'flag', help: 'print help and exit' },
  { name: 'detailed-help', type: 'flag', help: 'print help with all options and exit' },
  { name: 'version', short: 'V', type: 'flag', help: 'print the version and exit' },
  {
    name: 'config-file',
    short: 'c',
    type: 'string',
    default: path.join(home, '.paraslash', 'server.conf'),
    help: 'config file',
  },
  {
    name: 'loglevel',
    short: 'l',
    type: 'string',
    default: 'warning',
    help: `one of ${LOGLEVELS.join(', ')}`,
  },
  {
    name: 'logfile',
    short: 'L',
    type: 'string',
    help: 'log to this file instead of stderr (reopened on SIGHUP)',
  },
  {
    name: 'daemon',
    short: 'd',
    type: 'flag',
    help: 'run in the background',
    unsupported: 'run paraweb under a service manager instead',
  },
  { name: 'priority', type: 'int', default: 0, help: 'nice value of the server' },
  {
    name: 'user',
    short: 'u',
    type: 'string',
    help: 'drop privileges to this user when started as root',
    unsupported: 'start paraweb as its own user (e.g. User= of a systemd unit)',
  },
  {
    name: 'group',
    short: 'g',
    type: 'string',
    help: 'set this group when dropping privileges',
    unsupported: 'start paraweb as its own user (e.g. Group= of a systemd unit)',
  },
  {
    name: 'log-timing',
    short: 'T',
    type: 'flag',
    help: 'prefix log lines with timing information',
    unsupported: 'every log line carries its time (JSON field "time")',
  },
  {
    name: 'color',
    type: 'string',
    default: 'auto',
    help: 'colored log output: auto, always or never',
    unsupported: 'log lines are JSON, without colors',
  },
  {
    name: 'log-color',
    type: 'list',
    default: [],
    help: 'color of one log level, e.g. "error:red bold" (repeatable)',
    unsupported: 'log lines are JSON, without colors',
  },
  {
    name: 'listen-address',
    type: 'list',
    default: [],
    help: 'addresses of the command port (default: all)',
  },
  { name: 'port', short: 'p', type: 'int', default: 2990, help: 'TCP port of the command service' },
  {
    name: 'user-list',
    type: 'string',
    default: path.join(home, '.paraslash', 'server.users'),
    help: 'user list file',
  },
  { name: 'autoplay', short: 'a', type: 'flag', help: 'start playing on startup' },
  {
    name: 'autoplay-delay',
    type: 'int',
    default: 0,
    help: 'with --autoplay: milliseconds to wait first',
  },
  {
    name: 'announce-time',
    short: 'A',
    type: 'int',
    default: 300,
    help: 'milliseconds between announcing a stream and its first chunk',
  },
  {
    name: 'afs-database-dir',
    short: 'D',
    type: 'string',
    default: path.join(home, '.paraslash', 'afs_database-0.4'),
    help: 'where the embedded SQLite database lives',
  },
  {
    name: 'afs-socket',
    type: 'string',
    help: 'local afs socket',
    unsupported: 'afs runs inside the server process',
  },
  {
    name: 'afs-initial-mode',
    short: 'i',
    type: 'string',
    help: 'mood (m/name) or playlist (p/name) to select at startup',
  },
];
