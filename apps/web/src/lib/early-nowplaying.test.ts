import vm from 'node:vm';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { earlyNowPlayingScript, takeEarlyNowPlaying } from './early-nowplaying';

/** runs the inline script as the browser would, with `fetch` answering `answer` */
async function runScript(
  runtimeUrl: string | undefined,
  answer: Response | Error,
  apiPort?: number,
) {
  const fetch = vi.fn(async (url: string) => {
    void url;
    if (answer instanceof Error) throw answer;
    return answer;
  });
  // the page's global object: the script sets its result on `window`
  const page: Record<string, unknown> = {
    fetch,
    location: { protocol: 'https:', hostname: 'radio.example' },
    Date,
  };
  page.window = page;
  vm.runInNewContext(earlyNowPlayingScript(runtimeUrl, apiPort), page);
  vi.stubGlobal('window', page);
  const early = await takeEarlyNowPlaying();
  return { early, url: fetch.mock.calls[0]?.[0] };
}

describe('the early now-playing script', () => {
  afterEach(() => vi.unstubAllGlobals());

  test('asks the web server’s API URL (trailing slashes dropped) and keeps the view once', async () => {
    const view = { state: 'playing', serverTime: 5 };
    const before = Date.now();
    const { early, url } = await runScript('http://api.local:9000//', Response.json(view));
    expect(url).toBe('http://api.local:9000/api/nowplaying');
    expect(early?.view).toEqual(view);
    expect(early?.receivedAt).toBeGreaterThanOrEqual(before);
    expect(takeEarlyNowPlaying()).toBeUndefined();
  });

  test('without a setting, this host on the default API port', async () => {
    const { url } = await runScript(undefined, Response.json({}));
    expect(url).toBe('https://radio.example:8080/api/nowplaying');
  });

  test('without a URL, this host on the web server’s PARAWEB_API_PORT', async () => {
    const { url } = await runScript(undefined, Response.json({}), 8090);
    expect(url).toBe('https://radio.example:8090/api/nowplaying');
  });

  test('a refusal or a network error gives no view, and no error', async () => {
    expect(
      (await runScript('http://a', new Response('off', { status: 404 }))).early,
    ).toBeUndefined();
    expect((await runScript('http://a', new TypeError('offline'))).early).toBeUndefined();
  });
});
