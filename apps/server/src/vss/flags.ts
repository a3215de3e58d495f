// The vss flags of docs/paraslash/status.md §2.4 and the state paraslash derives from them.

export interface VssFlags {
  /** P: streaming is wanted */
  playing: boolean;
  /** O: stop after the current file */
  nomore: boolean;
  /** N: the current file is to be dropped, or none is open (stopped) */
  next: boolean;
  /** R: an ff/jmp request is pending */
  repos: boolean;
}

export type VssState = 'playing' | 'paused' | 'stopped';

export function vssState(f: VssFlags): VssState {
  if (f.playing) return 'playing';
  return f.next ? 'stopped' : 'paused';
}

/** "P O N R" in this order, `_` for a clear flag: `P___` playing, `____` paused, `__N_` stopped */
export function flagString(f: VssFlags): string {
  return (
    (f.playing ? 'P' : '_') + (f.nomore ? 'O' : '_') + (f.next ? 'N' : '_') + (f.repos ? 'R' : '_')
  );
}
