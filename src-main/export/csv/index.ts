/** CSV export (RFC 4180): one row per sample, values written by common/formatNumber. */
export { csvHeader, csvMetadata } from './csvFormat.js';
export { writeCsv } from './csvWriter.js';
