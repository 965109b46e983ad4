/**
 * Live instrument data on a fixed grid: StreamManager shares one producer per stream among all its
 * subscribers, DeadlineTimer schedules ticks by absolute deadlines. See docs/ARCHITECTURE.md, "Data flow".
 */
export { DeadlineTimer } from './DeadlineTimer.js';
export { StreamError } from './StreamError.js';
export { StreamManager, type StreamSampleRead, type Subscription } from './StreamManager.js';
