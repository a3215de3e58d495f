// paraweb's programming and library options: the schedule, listeners' requests, watched folders
// and uploads.
import type { ServerOption } from './types.js';

export const LIBRARY_OPTIONS: readonly ServerOption[] = [
  {
    name: 'schedule-timezone',
    type: 'string',
    help: "(paraweb) IANA time zone of the schedule's times, e.g. Europe/Berlin (default: the system's)",
  },
  {
    name: 'request-attribute',
    type: 'string',
    default: 'requestable',
    help: '(paraweb) listeners may request the files with this attribute',
  },
  {
    name: 'request-mood',
    type: 'string',
    help: '(paraweb) listeners may also request the files this mood admits',
  },
  {
    name: 'request-auto-approve',
    type: 'flag',
    help: "(paraweb) listeners' requests are queued at once, without an operator's approval",
  },
  {
    name: 'request-interval',
    type: 'int',
    default: 10,
    help: '(paraweb) minutes between two requests of one listener, and of one address',
  },
  {
    name: 'request-repeat-minutes',
    type: 'int',
    default: 60,
    help: '(paraweb) a file played or requested this many minutes ago cannot be requested',
  },
  {
    name: 'request-max-pending',
    type: 'int',
    default: 10,
    help: '(paraweb) at most this many requests wait to be played',
  },
  {
    name: 'afs-watch',
    type: 'list',
    default: [],
    help: '(paraweb) a folder whose new, changed, moved and deleted audio files afs follows by itself (repeatable)',
  },
  {
    name: 'afs-watch-settle',
    type: 'int',
    default: 5000,
    help: '(paraweb) milliseconds a watched file must stay unwritten before it is added',
  },
  {
    name: 'afs-watch-scan-interval',
    type: 'int',
    default: 600,
    help: '(paraweb) seconds between scans of watched folders the kernel cannot watch (network file systems, too few inotify watches)',
  },
  {
    name: 'afs-watch-scan-only',
    type: 'flag',
    help: '(paraweb) scan watched folders periodically instead of asking the kernel for events',
  },
  {
    name: 'afs-missing-grace',
    type: 'int',
    default: 604800,
    help: '(paraweb) seconds the row of a file gone from a watched folder is kept (not played) in case it comes back',
  },
  {
    name: 'upload-dir',
    type: 'string',
    help: '(paraweb) folder of browser uploads (tus, /api/uploads); unset: uploads are off',
  },
  {
    name: 'upload-subdir',
    type: 'string',
    default: 'user',
    help: '(paraweb) sub-folder of each upload: user (the uploader), date (YYYY-MM-DD) or none',
  },
  {
    name: 'upload-max-size',
    type: 'int',
    default: 2048,
    help: '(paraweb) MB one uploaded file may have',
  },
  {
    name: 'upload-daily-limit',
    type: 'int',
    default: 20480,
    help: '(paraweb) MB one user may upload per day',
  },
  {
    name: 'upload-extensions',
    type: 'list',
    default: [],
    help: '(paraweb) file extensions uploads accept (repeatable; default: those of the audio formats)',
  },
  {
    name: 'upload-min-free',
    type: 'int',
    default: 1024,
    help: '(paraweb) MB of disk space an upload must leave free',
  },
];
