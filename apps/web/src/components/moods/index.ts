// The moods page and the parts the playlists page shares with it.
export { MoodsPage } from './moods-page';
export { BlobActions, useInvalidateAfs } from './blob-actions';
export { BlobNameList } from './blob-name-list';
export { BlobPage } from './blob-page';
export type { OpenBlob } from './blob-page';
export { CurrentSelection, NEEDS_WRITE, SelectButton } from './current-selection';
export { SaveBar } from './save-bar';
