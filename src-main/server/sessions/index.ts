/**
 * One connection once it is in: ClientSession reads and dispatches its commands, under a command rate
 * limit and the per-connection options (docs/PROTOCOL.md, "Limits"), and answers `get_stats` and
 * `start_stats` (with the event loop's lag).
 */
export { ClientSession } from './ClientSession.js';
export { type EventLoopLag, EventLoopMonitor } from './EventLoopMonitor.js';
export { resolveSessionOptions, type SessionOptions } from './sessionOptions.js';
