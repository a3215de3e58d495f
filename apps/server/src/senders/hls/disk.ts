// --hls-dir: the segments and playlists also written to a directory, for any web server or
// object-store sync to serve. Asynchronous (libuv's pool) and bounded: one write at a time in
// order; when the disk cannot keep up, queued work past MAX_QUEUE is dropped and counted, and
// the in-memory segments (which the HTTP sender serves) are not affected.
import fs from 'node:fs';
import path from 'node:path';

const MAX_QUEUE = 64;

type Job = () => Promise<void>;

export class DiskWriter {
  private readonly queue: Job[] = [];
  private running = false;
  /** writes dropped because the queue was full, or failed */
  dropped = 0;
  failed = 0;
  lastError: string | undefined;

  constructor(
    readonly dir: string,
    private readonly onError?: (err: unknown) => void,
  ) {}

  /** A segment (under its URI relative to /hls/) then the playlist that lists it. */
  segment(uri: string, data: Uint8Array, playlistUri: string, playlist: Uint8Array): void {
    this.push(async () => {
      const file = this.path(uri);
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await fs.promises.writeFile(file, data);
    });
    this.file(playlistUri, playlist);
  }

  /** A whole file, replaced atomically (a reader never sees half a playlist). */
  file(uri: string, data: Uint8Array): void {
    this.push(async () => {
      const file = this.path(uri);
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.tmp`;
      await fs.promises.writeFile(tmp, data);
      await fs.promises.rename(tmp, file);
    });
  }

  remove(uri: string): void {
    this.push(() => fs.promises.rm(this.path(uri), { force: true }));
  }

  /** resolves when everything queued has been written (tests, shutdown) */
  async settled(): Promise<void> {
    while (this.running || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
  }

  private path(uri: string): string {
    // URIs are made by the variants (codec/seq.ext): never a client's input
    return path.join(this.dir, ...uri.split('/'));
  }

  private push(job: Job): void {
    if (this.queue.length >= MAX_QUEUE) {
      this.dropped++;
      return;
    }
    this.queue.push(job);
    if (!this.running) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    for (let job = this.queue.shift(); job; job = this.queue.shift()) {
      try {
        await job();
      } catch (err) {
        this.failed++;
        this.lastError = String(err);
        this.onError?.(err);
      }
    }
    this.running = false;
  }
}
