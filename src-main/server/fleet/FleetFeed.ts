/**
 * One session's live view of the fleet (docs/PROTOCOL.md, "Fleet through the dashboard's backend"): the
 * records of the benches it subscribed to, and their waveforms when asked, sent at the end of the
 * event-loop turn they arrived in — the records of every bench as ONE `fleet_live` message (a batch per
 * bench), then every waveform of the flush as ONE binary message (kind 6, the benches' kind-5 frames as
 * received, bundled), or each as JSON `fleet_waveform` to a session that did not accept binary frames;
 * and a `fleet` push whenever a bench's online state, equipment or lease changes, once the session has
 * asked `get_fleet`.
 *
 * Why one flush per turn for the whole session: the session's writes of one turn leave in one system call
 * (OutboundQueue corks the socket), and the page handles one message instead of one per bench. A flush per
 * bench made a `fleet_live` message and a socket write per bench per NATS read (about 2,000 a second for 20
 * benches); the writes were half the dashboard backend's CPU (docs/BENCHMARKS.md, "fleet_live coalesced").
 * No record waits for a time slot: a batch grows with the load by itself. A session that subscribed with
 * `ack: true` (the dashboard) has at most one flush in flight, released by its `fleet_ack` or a timeout
 * (FleetFlushPacer): at most one flush per animation frame of the page.
 *
 * A slow session costs the others nothing and holds bounded memory: while its socket is above the high
 * watermark (`congested`), records wait (at most `maxPendingRecords` per bench — beyond that the oldest
 * are dropped, which the client sees as a seq jump and can refetch with `get_fleet_history`) and only the
 * newest waveform per equipment and channel is kept. A record is never sent twice: each bench remembers
 * the last seq it sent.
 */
import { encodeFleetWaveformBundle } from '../../../shared/codec/fleetWaveformBundle.js';
import {
  decodeFleetWaveformFrame,
  type FleetWaveformBytes,
} from '../../../shared/codec/fleetWaveformFrame.js';
import type {
  FleetLiveBatch,
  FleetWaveform,
  HistoryRecord,
  ServerMessage,
} from '../../../shared/protocol/index.js';
import type { FleetAccess } from './fleetCommands.js';
import { FleetFlushPacer, type FlushScheduler } from './FleetFlushPacer.js';

/** While a session's socket is full, its waiting records and waveforms are tried again this often, ms. */
export const FLEET_CONGESTED_RETRY_MS = 50;
/** Records a lagging session may have waiting per bench: a minute of a busy bench. */
export const FLEET_MAX_PENDING_RECORDS = 6_000;

export interface FleetFeedOptions {
  fleet: FleetAccess;
  send(message: ServerMessage): void;
  /**
   * Whether the session accepted binary frames: its waveforms then go as one bundle per flush through
   * `sendFrame`; otherwise (or when absent) each as JSON `fleet_waveform`.
   */
  binary?(): boolean;
  /** Sends one binary message. */
  sendFrame?(bytes: Uint8Array): void;
  /** True while the session's socket holds more unsent bytes than its high watermark. */
  congested(): boolean;
  /** Retry period while congested, ms (default FLEET_CONGESTED_RETRY_MS). */
  congestedRetryMs?: number;
  maxPendingRecords?: number;
  /** How long a paced flush waits for its `fleet_ack`, ms (default FLEET_ACK_TIMEOUT_MS). */
  ackTimeoutMs?: number;
  /** Timers (default: setImmediate / setTimeout). */
  scheduler?: FlushScheduler;
}

interface BenchFeed {
  lastSentSeq: number;
  records: HistoryRecord[];
  /** Waiting waveforms by `equipment/channel`: the newest only. */
  waveforms: Map<string, FleetWaveformBytes>;
  stopWaveforms: (() => void) | undefined;
}

export class FleetFeed {
  readonly #o: FleetFeedOptions;
  readonly #maxPending: number;
  readonly #benches = new Map<string, BenchFeed>();
  readonly #pacer: FleetFlushPacer;
  #stopRecords: (() => void) | undefined;
  #stopFleet: (() => void) | undefined;
  #fleetTimer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;
  /** Records dropped because the session lagged too far (each a seq jump the client sees). */
  recordsDropped = 0;
  /** Waveforms replaced by a newer one of the same channel before they went out (the session lagged). */
  waveformsReplaced = 0;

  constructor(options: FleetFeedOptions) {
    this.#o = options;
    this.#maxPending = options.maxPendingRecords ?? FLEET_MAX_PENDING_RECORDS;
    this.#pacer = new FleetFlushPacer({
      flush: (flush) => this.#flush(flush),
      congested: () => options.congested(),
      retryMs: options.congestedRetryMs ?? FLEET_CONGESTED_RETRY_MS,
      ackTimeoutMs: options.ackTimeoutMs,
      scheduler: options.scheduler,
    });
  }

  /**
   * Paced (true): at most one flush in flight until `ack`; the client asked with `fleet_subscribe`'s
   * `ack`. Off by default, and for a guide-style client always.
   */
  setPaced(paced: boolean): void {
    this.#pacer.setPaced(paced);
  }

  /** The client took flush `flush` (`fleet_ack`): the next may go, `afterMs` from now. */
  ack(flush: number, afterMs = 0): void {
    this.#pacer.ack(flush, afterMs);
  }

  /** Paced flushes sent without an ack after the timeout. */
  get ackTimeouts(): number {
    return this.#pacer.ackTimeouts;
  }

  /** Benches this session is subscribed to. */
  subscribed(): string[] {
    return [...this.#benches.keys()];
  }

  /**
   * Starts (or adjusts) the push of `bench`; returns the newest seq already held, which the push follows,
   * or undefined for a bench not on the fleet.
   */
  subscribe(bench: string, waveforms: boolean): number | undefined {
    if (this.#disposed) return undefined;
    let feed = this.#benches.get(bench);
    if (feed === undefined) {
      const lastSeq = this.#o.fleet.lastSeq(bench);
      if (lastSeq === undefined) return undefined;
      feed = { lastSentSeq: lastSeq, records: [], waveforms: new Map(), stopWaveforms: undefined };
      this.#benches.set(bench, feed);
      this.#stopRecords ??= this.#o.fleet.onRecord((b, record) => this.#onRecord(b, record));
    }
    if (waveforms && feed.stopWaveforms === undefined) {
      const f = feed;
      f.stopWaveforms = this.#o.fleet.watchWaveforms(bench, (w) => this.#onWaveform(f, w));
    } else if (!waveforms && feed.stopWaveforms !== undefined) {
      feed.stopWaveforms();
      feed.stopWaveforms = undefined;
      feed.waveforms.clear();
    }
    // On a repeated subscribe, records still waiting are after this seq: they follow the reply.
    return feed.lastSentSeq;
  }

  /** Stops the push of `bench`; false when it was not subscribed. Nothing of it is sent afterwards. */
  unsubscribe(bench: string): boolean {
    const feed = this.#benches.get(bench);
    if (feed === undefined) return false;
    this.#stop(feed);
    this.#benches.delete(bench);
    if (this.#benches.size === 0) {
      this.#stopRecords?.();
      this.#stopRecords = undefined;
      this.#pacer.idle();
    }
    return true;
  }

  /** From now on, push `fleet` whenever a bench's online state, equipment or lease changes. */
  watchFleet(): void {
    if (this.#disposed || this.#stopFleet !== undefined) return;
    this.#stopFleet = this.#o.fleet.onBenchesChanged(() => {
      // Several changes in one turn (a broker restart brings every bench back) make one push.
      this.#fleetTimer ??= setTimeout(() => {
        this.#fleetTimer = undefined;
        this.#o.send({
          type: 'fleet',
          controller: this.#o.fleet.controllerId,
          benches: this.#o.fleet.benches(),
        });
      }, 0);
    });
  }

  /** Whether any timer is set (tests check nothing leaks after dispose). */
  get timersPending(): boolean {
    return this.#fleetTimer !== undefined || this.#pacer.timerPending;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const bench of [...this.#benches.keys()]) this.unsubscribe(bench);
    this.#pacer.dispose();
    this.#stopFleet?.();
    this.#stopFleet = undefined;
    clearTimeout(this.#fleetTimer);
    this.#fleetTimer = undefined;
  }

  #lastHeld(feed: BenchFeed): number {
    return feed.records.at(-1)?.seq ?? feed.lastSentSeq;
  }

  #onRecord(bench: string, record: HistoryRecord): void {
    const feed = this.#benches.get(bench);
    if (feed === undefined || record.seq <= this.#lastHeld(feed)) return;
    feed.records.push(record);
    if (feed.records.length > this.#maxPending) {
      const drop = feed.records.length - this.#maxPending;
      feed.records.splice(0, drop);
      this.recordsDropped += drop;
    }
    this.#pacer.request();
  }

  #onWaveform(feed: BenchFeed, waveform: FleetWaveformBytes): void {
    const key = `${waveform.header.equipment_id}/${waveform.header.channel}`;
    if (feed.waveforms.has(key)) this.waveformsReplaced++;
    feed.waveforms.set(key, waveform);
    this.#pacer.request();
  }

  /** Writes what waits as flush number `flush` (0: not numbered); false when nothing did. */
  #flush(flush: number): boolean {
    const batches: FleetLiveBatch[] = [];
    for (const [bench, feed] of this.#benches) {
      const records = feed.records;
      const last = records.at(-1);
      if (last === undefined) continue;
      feed.records = [];
      feed.lastSentSeq = last.seq;
      batches.push({ bench, records });
    }
    const numbered = flush > 0 ? { flush } : {};
    if (batches.length > 0) this.#o.send({ type: 'fleet_live', benches: batches, ...numbered });
    return this.#sendWaveforms(flush) || batches.length > 0;
  }

  /** Every waiting waveform: one bundle to a binary session (one message, one write), else JSON each. */
  #sendWaveforms(flush: number): boolean {
    const sendFrame = this.#o.binary?.() === true ? this.#o.sendFrame : undefined;
    const frames: Uint8Array[] = [];
    let sent = false;
    for (const [bench, feed] of this.#benches) {
      if (feed.waveforms.size === 0) continue;
      for (const waveform of feed.waveforms.values()) {
        if (sendFrame !== undefined) frames.push(waveform.bytes);
        else {
          const numbered = flush > 0 ? { flush } : {};
          this.#o.send({ type: 'fleet_waveform', bench, waveform: jsonWaveform(waveform), ...numbered });
          sent = true;
        }
      }
      feed.waveforms.clear();
    }
    if (sendFrame === undefined || frames.length === 0) return sent;
    sendFrame(encodeFleetWaveformBundle(frames, flush));
    return true;
  }

  #stop(feed: BenchFeed): void {
    feed.stopWaveforms?.();
    feed.stopWaveforms = undefined;
    feed.records = [];
    feed.waveforms.clear();
  }
}

/** The JSON form of a waveform frame, for a session that takes no binary frames (a guide-style client). */
function jsonWaveform(waveform: FleetWaveformBytes): FleetWaveform {
  const { header } = waveform;
  return {
    bench: header.bench,
    equipment_id: header.equipment_id,
    channel: header.channel,
    timestamp: header.timestamp,
    sample_rate_hz: header.sample_rate_hz,
    x0_s: header.x0_s,
    samples: header.samples,
    min_max: Array.from(decodeFleetWaveformFrame(waveform.bytes).min_max),
  };
}
