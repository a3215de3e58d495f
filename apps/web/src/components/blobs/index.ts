// The images & lyrics page and its parts.
export { BlobsPage } from './blobs-page';
