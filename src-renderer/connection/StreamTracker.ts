/**
 * What the connection knows about each live stream on this session: which instrument and kind a stream id
 * stands for (from `stream_started`), its sequence continuity, and its message rate; and which ids are
 * acquisition live views (from `acquisition_stream_started`), so a frame's id can be told known or not.
 */
import type { StreamStartedMessage } from '../../shared/protocol/server';

export interface TrackedStream {
  streamId: number;
  key: string;
  equipmentId: string;
  streamType: string;
  channel: number | undefined;
  encoding: 'json' | 'binary';
  intervalMs: number;
  messages: number;
  /** Sequence numbers missing between consecutive messages (server drops or lost frames). */
  gaps: number;
  lastSeq: number | undefined;
  /** Message rate, Hz: the reciprocal of the smoothed time between messages. */
  rateHz: number;
  /** Exponentially smoothed time between messages, ms (undefined before the second message). */
  meanIntervalMs: number | undefined;
  lastArrivalMs: number | undefined;
}

/**
 * Smoothing of the per-stream interval estimate: higher follows faster, lower is steadier. The interval is
 * smoothed, not the instantaneous rate: 1/interval overweights messages that arrive bunched, so a 60 Hz
 * stream delivered in uneven pairs would read 70 Hz or more.
 */
const RATE_ALPHA = 0.1;

export class StreamTracker {
  readonly #byId = new Map<number, TrackedStream>();
  /** Ids of this session's acquisition live views, started and not stopped (AcquisitionViews routes them). */
  readonly #viewIds = new Set<number>();
  /** Gaps summed over every stream since the tracker was created (kept across reconnects). */
  totalGaps = 0;

  started(message: StreamStartedMessage, key: string): TrackedStream {
    const previous = this.#byId.get(message.stream_id);
    const stream: TrackedStream = {
      streamId: message.stream_id,
      key,
      equipmentId: message.equipment_id,
      streamType: message.stream_type,
      channel: message.channel,
      encoding: message.encoding,
      intervalMs: message.interval_ms,
      messages: previous?.key === key ? previous.messages : 0,
      gaps: previous?.key === key ? previous.gaps : 0,
      lastSeq: undefined,
      rateHz: previous?.key === key ? previous.rateHz : 0,
      meanIntervalMs: previous?.key === key ? previous.meanIntervalMs : undefined,
      lastArrivalMs: undefined,
    };
    this.#byId.set(message.stream_id, stream);
    return stream;
  }

  stopped(streamId: number | undefined): void {
    if (streamId !== undefined) this.#byId.delete(streamId);
  }

  viewStarted(streamId: number): void {
    this.#viewIds.add(streamId);
  }

  viewStopped(streamId: number): void {
    this.#viewIds.delete(streamId);
  }

  /**
   * Whether a frame with this stream id belongs to a stream or live view this session started and has not
   * seen stopped: the server sends a stream's frames only between its started and stopped messages
   * (docs/PROTOCOL.md "Binary frames"), so a frame for any other id is not valid input.
   */
  knows(streamId: number): boolean {
    return this.#byId.has(streamId) || this.#viewIds.has(streamId);
  }

  /** Forgets every stream and view (a new session numbers its streams afresh). */
  reset(): void {
    this.#byId.clear();
    this.#viewIds.clear();
  }

  get(streamId: number): TrackedStream | undefined {
    return this.#byId.get(streamId);
  }

  all(): TrackedStream[] {
    return [...this.#byId.values()];
  }

  /** Records one message of a stream; returns the number of sequence numbers skipped before it. */
  arrived(streamId: number, seq: number, nowMs: number): number {
    const stream = this.#byId.get(streamId);
    if (!stream) return 0;
    let skipped = 0;
    if (stream.lastSeq !== undefined && seq > stream.lastSeq + 1) skipped = seq - stream.lastSeq - 1;
    stream.lastSeq = seq;
    stream.gaps += skipped;
    this.totalGaps += skipped;
    stream.messages++;
    if (stream.lastArrivalMs !== undefined) {
      const intervalMs = nowMs - stream.lastArrivalMs;
      const mean = stream.meanIntervalMs;
      stream.meanIntervalMs = mean === undefined ? intervalMs : mean + RATE_ALPHA * (intervalMs - mean);
      stream.rateHz = 1000 / Math.max(0.001, stream.meanIntervalMs);
    }
    stream.lastArrivalMs = nowMs;
    return skipped;
  }
}
