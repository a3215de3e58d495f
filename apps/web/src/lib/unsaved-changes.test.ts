import { describe, expect, it } from 'vitest';
import { leavesPage, type LinkClick } from './unsaved-changes';

const plain: LinkClick = {
  button: 0,
  metaKey: false,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  defaultPrevented: false,
};
const here = 'http://127.0.0.1:3000/moods';
const link = (href: string, target = '', download = false) => ({ href, target, download });

describe('leavesPage', () => {
  it('an in-app link to another page leaves it', () => {
    expect(leavesPage(plain, link('http://127.0.0.1:3000/library'), here)).toBe(true);
    expect(leavesPage(plain, link('/'), here)).toBe(true);
    expect(leavesPage(plain, link('/moods?x=1'), here)).toBe(true);
  });

  it('a link to another site leaves it too', () => {
    expect(leavesPage(plain, link('https://example.org/'), here)).toBe(true);
  });

  it('a jump within the page does not', () => {
    expect(leavesPage(plain, link('/moods#help'), here)).toBe(false);
    expect(leavesPage(plain, link('http://127.0.0.1:3000/moods'), `${here}#top`)).toBe(false);
  });

  it('new tabs, downloads, other buttons and handled clicks do not', () => {
    expect(leavesPage(plain, link('/library', '_blank'), here)).toBe(false);
    expect(leavesPage(plain, link('/library', '_self'), here)).toBe(true);
    expect(leavesPage(plain, link('/export', '', true), here)).toBe(false);
    expect(leavesPage({ ...plain, button: 1 }, link('/library'), here)).toBe(false);
    for (const key of ['metaKey', 'ctrlKey', 'shiftKey', 'altKey'] as const)
      expect(leavesPage({ ...plain, [key]: true }, link('/library'), here)).toBe(false);
    expect(leavesPage({ ...plain, defaultPrevented: true }, link('/library'), here)).toBe(false);
  });

  it('mailto: and javascript: links do not', () => {
    expect(leavesPage(plain, link('mailto:a@example.org'), here)).toBe(false);
    expect(leavesPage(plain, link('javascript:void(0)'), here)).toBe(false);
  });
});
