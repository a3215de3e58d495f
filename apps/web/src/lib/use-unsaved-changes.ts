'use client';
// Asks before unsaved edits are lost: closing or reloading the tab (beforeunload), an in-app link
// (a click listener that runs before Next.js's Link sees the click), and anything in the page that
// replaces the editor (confirmDiscard()).
import { useEffect } from 'react';
import { LEAVE_QUESTION, leavesPage } from './unsaved-changes';

/** the editors with unsaved changes now */
const unsavedEditors = new Set<symbol>();

/** True when nothing is unsaved, or the user agrees to lose it. */
export function confirmDiscard(question: string = LEAVE_QUESTION): boolean {
  return unsavedEditors.size === 0 || window.confirm(question);
}

export function useUnsavedChanges(unsaved: boolean, question: string = LEAVE_QUESTION): void {
  useEffect(() => {
    if (!unsaved) return;
    const me = Symbol('editor');
    unsavedEditors.add(me);
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      // browsers show their own words; both calls are needed across browsers
      e.preventDefault();
      e.returnValue = '';
    };
    const onClick = (e: MouseEvent) => {
      const a = e.target instanceof Element ? e.target.closest('a[href]') : null;
      if (!(a instanceof HTMLAnchorElement)) return;
      const link = { href: a.href, target: a.target, download: a.hasAttribute('download') };
      if (!leavesPage(e, link, window.location.href) || window.confirm(question)) return;
      e.preventDefault();
      // capture phase on the document: React's listeners on the app root (Link) never see it
      e.stopImmediatePropagation();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      unsavedEditors.delete(me);
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [unsaved, question]);
}
