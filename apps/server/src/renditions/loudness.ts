// A file's loudness: measured by ffmpeg once, however many renditions are made of it (the
// measurements of the last MEASURED_KEPT files are shared), and stored with the file.
import { DEFAULT_TARGET, measure, type Measured } from './encode.js';
import type { FfmpegOptions } from './ffmpeg.js';
import type { RenditionSource, RenditionStoreOptions } from './store-types.js';

const MEASURED_KEPT = 64;

export class LoudnessMeasures {
  private readonly measured = new Map<string, Promise<Measured>>();

  constructor(
    private readonly opts: Pick<RenditionStoreOptions, 'target' | 'onLoudness' | 'log'>,
  ) {}

  /** the file's measurement is under way or kept */
  has(hash: string): boolean {
    return this.measured.has(hash);
  }

  /** The file's loudness, measured once (shared by its renditions) and stored with the file. */
  of(src: RenditionSource, ff: FfmpegOptions): Promise<Measured> {
    let m = this.measured.get(src.hash);
    if (!m) {
      m = measure(src.path, this.opts.target ?? DEFAULT_TARGET, ff);
      this.measured.set(src.hash, m);
      m.catch(() => this.measured.delete(src.hash));
      while (this.measured.size > MEASURED_KEPT)
        this.measured.delete(this.measured.keys().next().value!);
      void m.then(
        (v) => this.store(src.hash, v.integrated),
        () => {},
      );
    }
    return m;
  }

  private async store(hash: string, lufs: number | undefined): Promise<void> {
    if (lufs === undefined || !this.opts.onLoudness) return;
    await this.opts.onLoudness(hash, Math.round(lufs * 100) / 100).catch((err: unknown) => {
      this.opts.log?.warn(`storing the loudness failed: ${String(err)}`);
    });
  }
}
