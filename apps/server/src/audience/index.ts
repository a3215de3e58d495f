// The audience (issue #17): listener sessions, play history, roll-ups, metrics, dead air, webhooks.
export { Audience, FLUSH_MS } from './audience.js';
export { readiness } from './health.js';
export type { Readiness } from './health.js';
export type { AudienceNow, AudienceOptions } from './audience.js';
export { AudienceMetrics } from './metrics.js';
export type { AddCounts, CommandResultLabel } from './metrics.js';
export { AudienceQueries } from './queries.js';
export type { ChartPoint, PlayRow, SessionRow, TimeRange, TopFile } from './queries.js';
export { bucketFor, checkRange, histogramMedian, MAX_PAGE_SIZE, MAX_RANGE_DAYS } from './charts.js';
export type { LengthBucket, SessionPage, TuneOutFile } from './charts.js';
export { CSV_TABLES, csvField } from './csv.js';
export type { CsvTable } from './csv.js';
export { ADDRESS_MODES, playerFamily, storedAddress } from './privacy.js';
export type { AddressMode } from './privacy.js';
export { Webhooks, signature } from './webhooks.js';
export type { DeliveryResult, WebhookEvent } from './webhooks.js';
