// Public surface of the selection: modes, the score table and the next-file choice.
export { Selector } from './selector.js';
export type { SelectorTables } from './selector.js';
export { parseSpec, compileMood } from './modes.js';
export type { ModeSpec } from './modes.js';
export { explain, upcoming, preview, previewSpec } from './insight.js';
export type { Explanation, Preview } from './insight.js';
export type { ScoredFile } from './score-table.js';
export type { OpenedFile } from './opened-file.js';
