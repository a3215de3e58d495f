'use client';
// Light / dark / system theme: the choice is kept in localStorage and set as <html data-theme>.
import { useEffect, useState } from 'react';

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

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>('system');
  useEffect(() => {
    const saved = localStorage.getItem(KEY);
    if (saved === 'light' || saved === 'dark') setTheme(saved);
  }, []);
  const choose = (t: Theme) => {
    setTheme(t);
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
