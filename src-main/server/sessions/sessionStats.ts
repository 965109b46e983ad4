/** The `stats` message of one connection: its send queue, its streams, and the server-wide figures. */
import type { StatsMessage } from '../../../shared/protocol/index.js';
import type { OutboundQueue, SessionStreams } from '../streams/index.js';

export interface SessionStatsSources {
  sessionId: string;
  queue: OutboundQueue;
  streams: SessionStreams;
  messagesReceived: number;
  fullResolutionBudgetBytesPerS: number;
  server: StatsMessage['server'];
  instruments: StatsMessage['instruments'];
}

export function sessionStats(s: SessionStatsSources, nowMs = performance.now()): StatsMessage {
  return {
    type: 'stats',
    connection: {
      session_id: s.sessionId,
      messages_sent: s.queue.messagesSent,
      bytes_sent: s.queue.bytesSent,
      messages_received: s.messagesReceived,
      frames_dropped: s.queue.framesDropped + s.streams.framesOverBudget,
      queue_bytes: s.queue.bufferedBytes,
      queued_frames: s.queue.pendingFrames,
      above_watermark_ms: s.queue.aboveWatermarkMs(nowMs),
      full_resolution_bytes_last_s: s.streams.fullResolutionBytesLastS(nowMs),
      full_resolution_budget_bytes_per_s: s.fullResolutionBudgetBytesPerS,
    },
    streams: s.streams.stats(),
    instruments: s.instruments,
    server: s.server,
  };
}
