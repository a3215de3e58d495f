// Which clicks leave the page: the unsaved-changes guard (use-unsaved-changes.ts) asks before
// those only. A link that opens elsewhere (new tab, download, modifier keys) loses nothing.

export const LEAVE_QUESTION = 'You have unsaved changes. Leave and lose them?';

export interface LinkClick {
  button: number;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  defaultPrevented: boolean;
}

export interface LinkTarget {
  /** the resolved URL (HTMLAnchorElement.href) */
  href: string;
  target: string;
  download: boolean;
}

/** Whether following `link` replaces the page at `here` in this tab. */
export function leavesPage(click: LinkClick, link: LinkTarget, here: string): boolean {
  if (click.defaultPrevented || click.button !== 0) return false;
  if (click.metaKey || click.ctrlKey || click.shiftKey || click.altKey) return false;
  if (link.download || (link.target !== '' && link.target !== '_self')) return false;
  let to: URL;
  let from: URL;
  try {
    to = new URL(link.href, here);
    from = new URL(here);
  } catch {
    return false;
  }
  if (to.protocol !== 'http:' && to.protocol !== 'https:') return false; // mailto: and the like
  // a jump within the page keeps it
  return !(to.origin === from.origin && to.pathname === from.pathname && to.search === from.search);
}
