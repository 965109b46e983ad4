/** The measurement statistics and trend commands. */
export { handleMeasurementStatsCommand } from './measurementStatsCommands.js';
