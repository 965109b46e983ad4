/** One stream as one connection sees it: its id, sequence numbers and delivery statistics. */
import type { Encoding, StreamStats, StreamStoppedMessage } from '../../../shared/protocol/index.js';
import type { Subscription } from '../../streams/index.js';
import { RateMeter } from '../../util/index.js';

export class SessionStream {
  readonly streamId: number;
  readonly encoding: Encoding;
  readonly channel: number | undefined;
  /** Set right after construction, once the StreamManager accepted the subscription. */
  subscription!: Subscription;
  /** Sequence number of the next frame rendered; a frame dropped after that leaves a gap the client sees. */
  nextSeq = 0;
  messagesSent = 0;
  bytesSent = 0;
  /** Frames replaced by a newer one while the send buffer was above the watermark (OutboundQueue). */
  framesCoalesced = 0;
  /** Full-resolution frames dropped because the connection's byte budget was spent. */
  framesOverBudget = 0;
  /** Whether the client has been told (once) that this stream is being cut by the byte budget. */
  bandwidthWarned = false;
  readonly #rate = new RateMeter();

  constructor(options: { streamId: number; encoding: Encoding; channel: number | undefined }) {
    this.streamId = options.streamId;
    this.encoding = options.encoding;
    this.channel = options.channel;
  }

  static keyOf(equipmentId: string, streamType: string, channel: number | undefined): string {
    return `${equipmentId}/${streamType}/${channel ?? '*'}`;
  }

  get framesDropped(): number {
    return this.framesCoalesced + this.framesOverBudget;
  }

  recordSent(bytes: number, nowMs = performance.now()): void {
    this.messagesSent++;
    this.bytesSent += bytes;
    this.#rate.mark(nowMs);
  }

  stoppedMessage(): StreamStoppedMessage {
    return {
      type: 'stream_stopped',
      equipment_id: this.subscription.equipmentId,
      stream_type: this.subscription.streamType,
      stream_id: this.streamId,
      channel: this.channel,
    };
  }

  /** @param queuedFrames this stream's frames waiting in the connection's queue (0 or 1). */
  stats(queuedFrames: number): StreamStats {
    const producer = this.subscription.producer;
    const periodMs = producer.meanPeriodMs;
    return {
      equipment_id: this.subscription.equipmentId,
      stream_type: this.subscription.streamType,
      stream_id: this.streamId,
      channel: this.channel,
      interval_ms: this.subscription.intervalMs,
      messages_sent: this.messagesSent,
      bytes_sent: this.bytesSent,
      frames_dropped: this.framesDropped,
      frames_coalesced: this.framesCoalesced,
      frames_over_budget: this.framesOverBudget,
      queued_frames: queuedFrames,
      rate_hz: this.#rate.rateHz(),
      skipped_ticks: producer.skippedTicks,
      missed_ticks: producer.missedTicks,
      producer_lag_ms: producer.lagMs,
      // JSON has no NaN: before the producer's second tick, report the nominal period.
      producer_period_ms: Number.isFinite(periodMs) ? periodMs : producer.intervalMs,
      producer_subscribers: producer.subscribers.size,
    };
  }
}
