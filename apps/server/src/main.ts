#!/usr/bin/env node
// para_server's entry point: the V8 flags first (v8-flags.ts), then the server. The server's
// modules are imported only now: loading them grows the heap, and a flag set after that finds
// the young generation already grown.
import './v8-flags.js';

await import('./server-main.js');
