/**
 * One client's live view of one acquisition (`start_acquisition_stream`): every `interval_ms` it reads the
 * next samples from the recorder's flushed data (AcquisitionReader.readRange — the capture itself is never
 * touched, let alone made to wait) and sends them as `acquisition_stream` windows of at most `num_samples`.
 *
 * Windows never overlap and never skip silently: each starts where the previous one ended (`first_sample`),
 * and never spans a pause (one time base per window). Two deliveries:
 * - `contiguous` (the client gave `from_sample`, e.g. resuming after a reconnect): never skips; up to
 *   CONTIGUOUS_WINDOWS_PER_TICK windows per interval to catch up, and `stats.behind` says how far behind it is.
 * - `live` (no `from_sample`): starts at the newest samples and follows them; if more than
 *   LIVE_BACKLOG_WINDOWS windows are waiting (a capture faster than the view), it jumps to the newest window,
 *   counting the samples passed over in `stats.skipped` and the jump in `stats.gaps`.
 * While the connection is congested (OutboundQueue.congested) no window is read or sent (`deferred`);
 * the next one still continues where the last ended. Once the acquisition has ended and everything up to its
 * end was sent, the view ends itself (`acquisition_stream_stopped` with a reason).
 */
import { encodeFrame, FrameKind, maskOfChannels } from '../../../shared/codec/frame.js';
import type {
  AcquisitionStreamData,
  AcquisitionStreamMessage,
  ServerMessage,
} from '../../../shared/protocol/index.js';
import {
  type AcquisitionMeta,
  type AcquisitionReader,
  type AcquisitionService,
  isActiveState,
  type SampleBlock,
} from '../../acquisition/index.js';
import { DeadlineTimer } from '../../streams/index.js';
import type { Logger } from '../../util/index.js';

/** Windows a `live` view may have waiting before it jumps to the newest. */
export const LIVE_BACKLOG_WINDOWS = 4;
/** Windows a `contiguous` view sends per interval while catching up. */
export const CONTIGUOUS_WINDOWS_PER_TICK = 8;

/** How a view reaches its connection. */
export interface LiveViewPort {
  send(message: ServerMessage): void;
  /** Sends a binary frame at once (never coalesced). */
  sendFrame(frame: ArrayBuffer): void;
  /**
   * Whether the connection has a backlog (its send buffer at the watermark, or more than its in-flight
   * window not yet taken by the client): the view then sends nothing.
   */
  congested(): boolean;
}

/** A view's acquisition, options (already checked) and connection. */
export interface LiveViewOptions {
  service: AcquisitionService;
  meta: AcquisitionMeta;
  streamId: number;
  intervalMs: number;
  numSamples: number;
  fromSample: number;
  delivery: 'live' | 'contiguous';
  binary: boolean;
  port: LiveViewPort;
  log: Logger;
  /** The view ended itself (the acquisition ended and was delivered, or a read failed). */
  onEnded(reason: string): void;
}

/** One client's live view of one acquisition (see the file comment). */
export class AcquisitionLiveView {
  readonly acquisitionId: string;
  readonly streamId: number;
  readonly #o: LiveViewOptions;
  readonly #timer: DeadlineTimer;
  #meta: AcquisitionMeta;
  #reader: AcquisitionReader | undefined;
  #next: number;
  #seq = 0;
  #skipped = 0;
  #gaps = 0;
  #deferred = 0;
  #busy = false;
  #closed = false;

  constructor(options: LiveViewOptions) {
    this.#o = options;
    this.acquisitionId = options.meta.acquisition_id;
    this.streamId = options.streamId;
    this.#meta = options.meta;
    this.#next = options.fromSample;
    this.#timer = new DeadlineTimer(options.intervalMs, () => this.#tick());
  }

  start(): void {
    this.#timer.start();
  }

  /** The acquisition's latest metadata (from its state events). */
  update(meta: AcquisitionMeta): void {
    this.#meta = meta;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#timer.stop();
    void this.#reader?.close().catch(() => undefined);
    this.#reader = undefined;
  }

  #tick(): void {
    if (this.#busy || this.#closed) return;
    this.#busy = true;
    this.#deliver()
      .catch((err: unknown) => {
        this.#o.log.error(`live view of ${this.acquisitionId} failed`, err);
        this.#end(`reading the acquisition failed: ${(err as Error).message}`);
      })
      .finally(() => (this.#busy = false));
  }

  async #deliver(): Promise<void> {
    const { port, numSamples, delivery } = this.#o;
    if (port.congested()) {
      this.#deferred++;
      return;
    }
    const live = this.#o.service.live(this.acquisitionId);
    const flushed = live?.flushed ?? this.#meta.sample_count;
    if (delivery === 'live' && flushed - this.#next > LIVE_BACKLOG_WINDOWS * numSamples) {
      const jumpTo = flushed - numSamples;
      this.#skipped += jumpTo - this.#next;
      this.#gaps++;
      this.#next = jumpTo;
    }
    const maxWindows = delivery === 'live' ? LIVE_BACKLOG_WINDOWS : CONTIGUOUS_WINDOWS_PER_TICK;
    let sent = 0;
    while (this.#next < flushed && sent < maxWindows && !port.congested()) {
      const count = Math.min(numSamples, flushed - this.#next, this.#segmentEnd(this.#next) - this.#next);
      this.#reader ??= await this.#o.service.openReader(this.acquisitionId);
      const block = await this.#reader.readRange(this.#next, count);
      if (this.#closed) return;
      this.#sendWindow(block, live?.received, flushed);
      sent++;
    }
    const finished = !isActiveState(this.#meta.state) && this.#meta.state !== 'idle' && live === undefined;
    if (sent === 0) this.#port(this.#message(live?.received, flushed));
    if (finished && this.#next >= this.#meta.sample_count) this.#end(`acquisition ${this.#meta.state}`);
  }

  /** Index after the last sample of the time segment holding `sample` (windows never span a pause). */
  #segmentEnd(sample: number): number {
    const later = this.#meta.segments.find((s) => s.first_sample > sample);
    return later?.first_sample ?? Number.POSITIVE_INFINITY;
  }

  /** Epoch ms of `sample`, from the time segment holding it. */
  #timeOf(sample: number): number {
    const segments = this.#meta.segments;
    let segment = segments[0];
    for (const s of segments) if (s.first_sample <= sample) segment = s;
    const t0 = segment?.t0_ms ?? this.#meta.t0_ms ?? 0;
    return t0 + ((sample - (segment?.first_sample ?? 0)) * 1000) / this.#meta.sample_rate_hz;
  }

  #sendWindow(block: SampleBlock, received: number | undefined, flushed: number): void {
    const count = block.channels[0]?.length ?? 0;
    const first = block.firstSample;
    const t0Ms = this.#timeOf(first);
    const data: AcquisitionStreamData = { count, first_sample: first, t0_ms: t0Ms };
    this.#next = first + count;
    if (this.#o.binary) {
      data.binary = true;
      const message = this.#message(received, flushed, data);
      const frame = encodeFrame(
        {
          kind: FrameKind.acquisitionBlock,
          flags: 0,
          streamId: this.streamId,
          seq: message.seq,
          t0Ms,
          dtS: 1 / this.#meta.sample_rate_hz,
          channelMask: maskOfChannels(this.#meta.channels.map((_, i) => i + 1)),
          samplesPerChannel: count,
          x0: first,
        },
        block.channels,
      );
      this.#port(message);
      this.#o.port.sendFrame(frame);
      return;
    }
    const msPerSample = 1000 / this.#meta.sample_rate_hz;
    data.timestamps = Array.from({ length: count }, (_, i) => new Date(t0Ms + i * msPerSample).toISOString());
    data.values = {};
    this.#meta.channels.forEach((channel, c) => {
      const values = block.channels[c]!;
      // 9 significant digits identify every float32 exactly, in fewer characters than the double's 17.
      data.values![channel.name] = Array.from(values, (v) => Number(v.toPrecision(9)));
    });
    this.#port(this.#message(received, flushed, data));
  }

  #message(
    received: number | undefined,
    flushed: number,
    data?: AcquisitionStreamData,
  ): AcquisitionStreamMessage {
    const captured = received ?? this.#meta.sample_count;
    const rate = this.#meta.sample_rate_hz;
    const message: AcquisitionStreamMessage = {
      type: 'acquisition_stream',
      acquisition_id: this.acquisitionId,
      stream_id: this.streamId,
      seq: this.#seq++,
      state: this.#meta.state,
      stats: {
        samples_captured: captured,
        duration: captured / rate,
        sample_rate: rate,
        flushed,
        next_sample: this.#next,
        behind: Math.max(0, flushed - this.#next),
        skipped: this.#skipped,
        gaps: this.#gaps,
        deferred: this.#deferred,
      },
    };
    if (data) message.data = data;
    return message;
  }

  #port(message: AcquisitionStreamMessage): void {
    this.#o.port.send(message);
  }

  #end(reason: string): void {
    if (this.#closed) return;
    this.close();
    this.#o.onEnded(reason);
  }
}
