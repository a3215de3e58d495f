// Lowercased texts of the library view, kept between requests: the same artist or album string
// is lowercased once, and a file's search text once per change of its path or tags.
import type { AudioFileRecord } from '../afs/index.js';

interface Haystack {
  path: string;
  artist: string;
  title: string;
  album: string;
  text: string;
}

export class TextCache {
  private readonly lowered = new Map<string, string>();
  private readonly haystacks = new Map<number, Haystack>();

  /** forgets everything when the caches outgrow the library (after many changes) */
  trim(files: number): void {
    const limit = 4 * files + 1000;
    if (this.lowered.size > limit) this.lowered.clear();
    if (this.haystacks.size > limit) this.haystacks.clear();
  }

  lower(s: string): string {
    let l = this.lowered.get(s);
    if (l === undefined) {
      l = s.toLowerCase();
      this.lowered.set(s, l);
    }
    return l;
  }

  /** path, artist, title and album in lowercase, for substring search */
  haystack(f: AudioFileRecord): string {
    const h = this.haystacks.get(f.id);
    // unchanged strings are the same string objects: these compares are cheap
    if (
      h &&
      h.path === f.path &&
      h.artist === f.artist &&
      h.title === f.title &&
      h.album === f.album
    )
      return h.text;
    const text = `${f.path}\n${f.artist}\n${f.title}\n${f.album}`.toLowerCase();
    this.haystacks.set(f.id, {
      path: f.path,
      artist: f.artist,
      title: f.title,
      album: f.album,
      text,
    });
    return text;
  }
}
