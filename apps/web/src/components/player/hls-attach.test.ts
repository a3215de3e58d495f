// The hls.js instance made while the page is read: Play takes it (no second playlist load), a
// broken one is not handed out, and a player that goes before Play takes it with it. hls.js is
// replaced by a recorder of the calls the player makes; the real one plays in e2e/ (listen.spec).
import { beforeEach, describe, expect, test, vi } from 'vitest';

type Listener = (event: string, data: { fatal: boolean; details: string }) => void;

class FakeHls {
  static Events = { ERROR: 'hlsError' };
  static made: FakeHls[] = [];
  calls: string[] = [];
  listeners: Listener[] = [];
  constructor(readonly config: { autoStartLoad: boolean }) {
    FakeHls.made.push(this);
  }
  on(_event: string, fn: Listener): void {
    this.listeners.push(fn);
  }
  loadSource(url: string): void {
    this.calls.push(`loadSource ${url}`);
  }
  attachMedia(): void {
    this.calls.push('attachMedia');
  }
  startLoad(at: number): void {
    this.calls.push(`startLoad ${at}`);
  }
  destroy(): void {
    this.calls.push('destroy');
  }
  fail(details: string): void {
    for (const fn of this.listeners) fn('hlsError', { fatal: true, details });
  }
}

vi.mock('hls.js', () => ({ default: FakeHls }));

const URL_A = 'http://radio.test:8000/hls/live.m3u8';
const audio = {} as HTMLMediaElement;
/** waits for the dynamic import of hls.js and the promises after it */
const settle = async (made: number) => {
  await vi.waitFor(() => expect(FakeHls.made).toHaveLength(made));
  await new Promise((r) => setTimeout(r, 0));
};

describe('an hls.js instance made ahead', () => {
  beforeEach(() => {
    FakeHls.made = [];
    vi.resetModules();
  });

  test('Play takes it: its playlist is not loaded again, loading starts at the live edge', async () => {
    const { prepareHls, attachHls } = await import('./hls-attach');
    prepareHls(URL_A);
    await settle(1);
    expect(FakeHls.made).toHaveLength(1);
    const ahead = FakeHls.made[0]!;
    expect(ahead.config.autoStartLoad).toBe(false);
    expect(ahead.calls).toEqual([`loadSource ${URL_A}`]);
    const fatal: string[] = [];
    await attachHls(audio, URL_A, (why) => fatal.push(why));
    expect(FakeHls.made).toHaveLength(1);
    expect(ahead.calls).toEqual([`loadSource ${URL_A}`, 'attachMedia', 'startLoad -1']);
    // from now on its errors are the player's, and it is not destroyed behind the player's back
    ahead.fail('levelLoadError');
    expect(fatal).toEqual(['HLS: levelLoadError']);
    expect(ahead.calls).not.toContain('destroy');
  });

  test('one that broke before Play is dropped: Play makes a fresh one and loads the playlist', async () => {
    const { prepareHls, attachHls } = await import('./hls-attach');
    prepareHls(URL_A);
    await settle(1);
    const ahead = FakeHls.made[0]!;
    ahead.fail('manifestLoadError');
    expect(ahead.calls).toContain('destroy');
    await attachHls(audio, URL_A, () => {});
    expect(FakeHls.made).toHaveLength(2);
    const fresh = FakeHls.made[1]!;
    expect(fresh.config.autoStartLoad).toBe(true);
    expect(fresh.calls).toEqual([`loadSource ${URL_A}`, 'attachMedia']);
  });

  test('another URL, or the player gone, destroys it; it is made once per URL', async () => {
    const { prepareHls, dropPreparedHls, attachHls } = await import('./hls-attach');
    prepareHls(URL_A);
    prepareHls(URL_A);
    await settle(1);
    expect(FakeHls.made).toHaveLength(1);
    prepareHls('http://radio.test:9000/hls/live.m3u8');
    await settle(2);
    expect(FakeHls.made[0]!.calls).toContain('destroy');
    dropPreparedHls('http://radio.test:9000/hls/live.m3u8');
    await settle(2);
    expect(FakeHls.made[1]!.calls).toContain('destroy');
    // nothing made ahead for this URL any more: Play makes its own
    await attachHls(audio, URL_A, () => {});
    expect(FakeHls.made).toHaveLength(3);
  });
});
