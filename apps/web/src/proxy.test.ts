// frame-ancestors of /embed from PARAWEB_EMBED_ANCESTORS: only valid sources pass.
import { expect, test } from 'vitest';
import { embedAncestors } from './proxy';

test('the default lets any site frame /embed; listed origins pass, junk does not', () => {
  expect(embedAncestors(undefined)).toBe('*');
  expect(embedAncestors('https://example.org  https://*.example.net:8443')).toBe(
    'https://example.org https://*.example.net:8443',
  );
  expect(embedAncestors("https://ok.org; script-src 'unsafe-inline'")).toBe("'none'");
  expect(embedAncestors("'self' https://ok.org")).toBe("'self' https://ok.org");
});
