// Journey (issue #16): a visitor with no cookie opens /listen: it plays (whichever stream the
// server has: HLS through hls.js, /live.mp3, or /), the title changes when the heard file changes,
// the lock screen (Media Session) knows the file and its cover and plays/stops it, nothing logs
// an error; /embed plays in an <iframe> of another page; a visitor reaches no admin page.
import { expect, test, type ConsoleMessage, type Page } from '@playwright/test';
import { API_URL, attachScreenshot, command, login } from './support/index.js';
import { ensureStreaming, expectServerTitle } from './support/stream.js';
import { expectAudioAdvances, installToneProbe, nextFollowsTheAudio } from './support/tone.js';

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

test('a visitor listens on /listen: it plays, titles follow the audio, Media Session is set', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(150_000);
  await login(page, 'admin');
  await ensureStreaming(page);
  await command(page, 'vss.setstation', {
    name: 'e2e Radio',
    description: 'Tones all day',
    public: 'default',
  });

  const visitor = await browser.newContext();
  const listen = await visitor.newPage();
  // the lock screen's buttons call the handlers the page gave the Media Session: keep them
  await listen.addInitScript(() => {
    const handlers: Record<string, MediaSessionActionHandler | null> = {};
    (window as unknown as { msHandlers: typeof handlers }).msHandlers = handlers;
    const set = navigator.mediaSession.setActionHandler.bind(navigator.mediaSession);
    navigator.mediaSession.setActionHandler = (action, handler) => {
      handlers[action] = handler;
      set(action, handler);
    };
  });
  const lockScreen = (action: 'play' | 'pause') =>
    listen.evaluate((a) => {
      const h = (
        window as unknown as { msHandlers: Record<string, MediaSessionActionHandler | null> }
      ).msHandlers[a];
      if (!h) throw new Error(`no Media Session handler for ${a}`);
      h({ action: a });
    }, action);
  const errors = collectErrors(listen);
  try {
    await listen.goto('/listen');
    expect(listen.url()).toMatch(/\/listen$/); // no detour through /login
    await expect(listen.getByTestId('station-name')).toHaveText('e2e Radio');
    await expect(listen.getByTestId('station-description')).toHaveText('Tones all day');
    const title = listen.getByTestId('player-title');
    await expectServerTitle(page, title, { timeout: 10_000 });
    await expectServerTitle(page, listen.getByTestId('recent-plays'), { contains: true });

    await listen.getByRole('button', { name: 'Play' }).click();
    await expect(listen.getByTestId('player-phase')).toHaveAttribute('data-phase', 'playing', {
      timeout: 20_000,
    });
    await installToneProbe(listen);
    await expectAudioAdvances(listen, 10);
    // the files are 12 s long: compare with what is shown at the same moment
    const inStep = async (): Promise<boolean> => {
      const [session, shown] = await Promise.all([
        listen.evaluate(() => [
          navigator.mediaSession.metadata?.title,
          navigator.mediaSession.metadata?.artist,
        ]),
        Promise.all([title.textContent(), listen.getByTestId('player-artist').textContent()]),
      ]);
      return session[0] === shown[0] && session[1] === shown[1];
    };
    await expect.poll(inStep).toBe(true);
    await attachScreenshot(listen, testInfo, 'listen-playing');

    // the lock screen's picture is the cover shown (or the station's artwork, or none)
    const pictureInStep = async (): Promise<boolean> => {
      const [art, shownCover] = await Promise.all([
        listen.evaluate(() => navigator.mediaSession.metadata?.artwork.map((a) => a.src) ?? []),
        listen
          .locator('img[alt^="Cover of"]')
          .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src)),
      ]);
      return shownCover.length > 0
        ? art.length === 1 && art[0] === shownCover[0]
        : art.every((src) => src.endsWith('/api/station/artwork'));
    };
    await expect.poll(pictureInStep).toBe(true);
    // play/pause from the lock screen: pause stops the live stream, play starts it again
    expect(await listen.evaluate(() => navigator.mediaSession.playbackState)).toBe('playing');
    await lockScreen('pause');
    await expect(listen.getByTestId('player-phase')).toHaveAttribute('data-phase', 'stopped');
    await expect(listen.getByRole('button', { name: 'Play' })).toBeVisible();
    await expect
      .poll(() => listen.evaluate(() => navigator.mediaSession.playbackState))
      .toBe('paused');
    await lockScreen('play');
    await expect(listen.getByTestId('player-phase')).toHaveAttribute('data-phase', 'playing', {
      timeout: 20_000,
    });
    await expect
      .poll(() => listen.evaluate(() => navigator.mediaSession.playbackState))
      .toBe('playing');
    await expectAudioAdvances(listen, 3);

    await nextFollowsTheAudio(listen, page, testInfo, 'listen', true);
    await expect.poll(inStep).toBe(true);
    await listen.getByRole('button', { name: 'Stop' }).click();
    expect(errors).toEqual([]);
  } finally {
    await visitor.close();
  }
});

test('/embed plays inside an iframe of another page', async ({ page, browser }, testInfo) => {
  test.setTimeout(60_000);
  await login(page, 'admin');
  await ensureStreaming(page);
  const visitor = await browser.newContext();
  const host = await visitor.newPage();
  const errors = collectErrors(host);
  try {
    const embedUrl = new URL('/embed', testInfo.project.use.baseURL).toString();
    const res = await host.request.get(embedUrl);
    expect(res.headers()['content-security-policy']).toBe('frame-ancestors *');
    // a page holding the frame, answered by the browser itself; which other sites may frame
    // /embed is the header checked above
    const site = new URL('/embed-host-page', embedUrl).toString();
    await host.route(site, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<h1>Another site</h1><iframe src="${embedUrl}" width="360" height="220" title="radio"></iframe>`,
      }),
    );
    await host.goto(site);
    const frame = host.frameLocator('iframe[title="radio"]');
    await expectServerTitle(page, frame.getByTestId('player-title'));
    await frame.getByRole('button', { name: 'Play' }).click();
    await expect(frame.getByTestId('player-phase')).toHaveAttribute('data-phase', 'playing', {
      timeout: 20_000,
    });
    const audio = frame.getByTestId('player-audio');
    const t0 = await audio.evaluate((a: HTMLAudioElement) => a.currentTime);
    await expect
      .poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime), { timeout: 15_000 })
      .toBeGreaterThan(t0 + 2);
    await attachScreenshot(host, testInfo, 'embed-in-iframe');
    expect(errors).toEqual([]);
  } finally {
    await visitor.close();
  }
});

test('a visitor gets the login form for every admin page, and no admin frame', async ({
  browser,
}) => {
  const visitor = await browser.newContext();
  const p = await visitor.newPage();
  try {
    for (const path of ['/', '/player', '/station']) {
      await p.goto(path);
      await expect(p).toHaveURL(/\/login\?next=/);
    }
    const res = await p.request.get('/player');
    expect(res.headers()['content-security-policy']).toBe("frame-ancestors 'self'");
    const api = await p.request.get(
      `${API_URL}/trpc/server.stat?input=${encodeURIComponent('{"num":1}')}`,
    );
    expect(api.status()).toBe(401);
  } finally {
    await visitor.close();
  }
});
