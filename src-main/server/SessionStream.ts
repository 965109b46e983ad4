/** One stream as one connection sees it: its id, sequence numbers and delivery statistics. */
import type { Encoding, StreamStats, StreamStoppedMessage } from '../../shared/protocol/index.js';
import type { Subscription } from '../streams/StreamManager.js';
import { RateMeter } from '../util/RateMeter.js';

export class SessionStream {
  readonly streamId: number;
  readonly encoding: Encoding;
  readonly channel: number | undefined;
  /** Set right after construction, once the StreamManager accepted the subscription. */
  subscription!: Subscription;
  /** Sequence number of the next frame rendered; a frame coalesced away leaves a gap the client sees. */
  nextSeq = 0;
  messagesSent = 0;
  bytesSent = 0;
  framesDropped = 0;
  readonly #rate = new RateMeter();

  constructor(options: { streamId: number; encoding: Encoding; channel: number | undefined }) {
    this.streamId = options.streamId;
    this.encoding = options.encoding;
    this.channel = options.channel;
  }

  static keyOf(equipmentId: string, streamType: string, channel: number | undefined): string {
    return `${equipmentId}/${streamType}/${channel ?? '*'}`;
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

  stats(): StreamStats {
    const producer = this.subscription.producer;
    return {
      equipment_id: this.subscription.equipmentId,
      stream_type: this.subscription.streamType,
      stream_id: this.streamId,
      channel: this.channel,
      interval_ms: this.subscription.intervalMs,
      messages_sent: this.messagesSent,
      bytes_sent: this.bytesSent,
      frames_dropped: this.framesDropped,
      rate_hz: this.#rate.rateHz(),
      skipped_ticks: producer.skippedTicks,
      producer_lag_ms: producer.lagMs,
    };
  }
}
