/**
 * Live streams on one connection (docs/PROTOCOL.md, "Streams"): `start_stream`, `stop_stream` and
 * `shift_stream`, `stream_data` rendered as JSON or binary frames, the outbound queue and its backpressure,
 * and the full-resolution byte budget.
 */
export { type BatchableSocket, type Frame, type FragmentedFrame, OutboundQueue } from './OutboundQueue.js';
export { SessionStreams } from './SessionStreams.js';
