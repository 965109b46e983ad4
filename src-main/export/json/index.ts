/** JSON export, bounded by MAX_JSON_NUMBERS. */
export { writeJson } from './jsonWriter.js';
