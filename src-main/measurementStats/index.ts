/**
 * Measurement statistics (Welford, per channel since a reset) and the bounded trend history of every
 * measurement and supply reading, fed from every stream producer's reads. See docs/ARCHITECTURE.md,
 * "Measurement statistics and trends".
 */
export { MeasurementStatsService, type MeasurementStatsOptions } from './MeasurementStatsService.js';
export { RunningStats } from './RunningStats.js';
export { StatsError } from './StatsError.js';
export { BYTES_PER_SERIES, FIRST_BUCKET_MS, MAX_BUCKETS, RECENT_POINTS, TrendSeries } from './TrendSeries.js';
export { MAX_TREND_SERIES, TrendStore } from './TrendStore.js';
