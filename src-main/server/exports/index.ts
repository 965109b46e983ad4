/**
 * Export on the wire (docs/PROTOCOL.md, "Export"): `estimate_export`, `export_acquisition` and
 * `cancel_export`. The jobs themselves, and the download links, live in src-main/export/.
 */
export { ExportCommands } from './exportCommands.js';
export { exportEventMessage } from './exportEvents.js';
