'use client';
// Light / dark / system theme: the choice is kept in localStorage and set as <html data-theme>.
import { useSyncExternalStore } from 'react';

type Theme = 'system' | 'light' | 'dark';
const KEY = 'paraweb-theme';

/** runs before the first paint (root layout) */
export const THEME_SCRIPT = `try{var t=localStorage.getItem('${KEY}');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}`;

const NEXT: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL: Record<Theme, string> = {
  system: 'Theme: system',
  light: 'Theme: light',
  dark: 'Theme: dark',
};

/** the theme is <html data-theme> (set from localStorage before the first paint) */
function currentTheme(): Theme {
  const t = document.documentElement.dataset.theme;
  return t === 'light' || t === 'dark' ? t : 'system';
}

function onThemeChange(notify: () => void): () => void {
  const observer = new MutationObserver(notify);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

export function ThemeToggle() {
  const theme = useSyncExternalStore<Theme>(onThemeChange, currentTheme, () => 'system');
  const choose = (t: Theme) => {
    if (t === 'system') {
      localStorage.removeItem(KEY);
      delete document.documentElement.dataset.theme;
    } else {
      localStorage.setItem(KEY, t);
      document.documentElement.dataset.theme = t;
    }
  };
  return (
    <button
      type="button"
      className="quiet"
      onClick={() => choose(NEXT[theme])}
      title="Switch theme"
    >
      {LABEL[theme]}
    </button>
  );
}
