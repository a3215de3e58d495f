import { afterEach, describe, expect, test, vi } from 'vitest';
import { resolveApiUrl } from './api-url';
import { runtimeUrls } from './config';

describe('where the browser finds the API', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
  });

  test('the web server’s URL wins, without its trailing slashes', () => {
    vi.stubGlobal('window', { location: { protocol: 'https:', hostname: 'radio.example' } });
    expect(resolveApiUrl('http://api.local:9000//', 8090)).toBe('http://api.local:9000');
  });

  test('else this host on the API port: PARAWEB_API_PORT, or 8080', () => {
    vi.stubGlobal('window', { location: { protocol: 'https:', hostname: 'radio.example' } });
    expect(resolveApiUrl(undefined, 8090)).toBe('https://radio.example:8090');
    expect(resolveApiUrl(undefined)).toBe('https://radio.example:8080');
  });

  test('PARAWEB_API_PORT is read per request; a port that is not one is left out', () => {
    vi.stubEnv('PARAWEB_API_PORT', '8090');
    expect(runtimeUrls().apiPort).toBe(8090);
    for (const bad of ['', 'http', '0', '70000', '80.5']) {
      vi.stubEnv('PARAWEB_API_PORT', bad);
      expect(runtimeUrls().apiPort, bad).toBeUndefined();
    }
  });
});
