/** "Export what you see": a view's data written with provenance (see exportView.ts). */
export { exportView, VIEW_EXTENSIONS, type ViewExportResult, viewProvenance } from './exportView.js';
