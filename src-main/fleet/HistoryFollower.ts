/**
 * Follows one bench's history for a dashboard backend: a core NATS subscription on the bench's record
 * subjects for the live records, and a JetStream ordered consumer on its stream only while HistoryMerge is
 * catching up — the backfill when the bench is first seen, and a hole in the live seq (a core message lost
 * in a reconnect or dropped). The broker delivers each live record once to a core subscriber, without the
 * consumer's pull requests and per-message acknowledgement subject (fleetBroker: 63.8 against 109 µs of
 * broker CPU per record). Every message is validated before it counts.
 */
import { DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream';
import {
  millis,
  type Msg,
  type NatsConnection,
  type Subscription as NatsSubscription,
} from '@nats-io/transport-node';
import {
  historyRecordSchema,
  isWellFormedHistoryRecord,
  type HistoryRecord,
} from '../../shared/protocol/index.js';
import type { Clock, Logger } from '../util/index.js';
import type { BenchTimeline } from './BenchTimeline.js';
import { HistoryMerge, type MergeStats } from './HistoryMerge.js';
import { benchSubjects, historyStreamName } from './subjects.js';

/** Wait before making the stream reader again after it failed (broker away, consumer lost), ms. */
const READER_RETRY_MS = 500;

const decoder = new TextDecoder();

export interface HistoryFollowerOptions {
  nc: NatsConnection;
  js: JetStreamClient;
  bench: string;
  timeline: BenchTimeline;
  clock: Clock;
  log: Logger;
  /** History read from the stream when the bench is first seen, ms. */
  backfillMs: number;
  /** Called with each record the timeline took, in seq order. */
  onRecord: (record: HistoryRecord) => void;
  /** Called for each message that failed validation (and was dropped). */
  onInvalid: () => void;
  /** HistoryMerge's bounds (defaults there). */
  maxHeld?: number;
  stallMs?: number;
}

interface ReaderRun {
  stopped: boolean;
  close: (() => void) | undefined;
}

export class HistoryFollower {
  readonly #o: HistoryFollowerOptions;
  readonly #merge: HistoryMerge;
  readonly #subscriptions: NatsSubscription[] = [];
  #reader: ReaderRun | undefined;
  #closed = false;

  constructor(options: HistoryFollowerOptions) {
    this.#o = options;
    const nowMs = options.clock.nowMs();
    this.#merge = new HistoryMerge({
      timeline: options.timeline,
      onAdded: options.onRecord,
      backfillFromMs: nowMs - options.backfillMs,
      nowMs,
      maxHeld: options.maxHeld,
      stallMs: options.stallMs,
    });
  }

  /** Counters of the merge (held records dropped over the bound, holes given up as gaps, holes seen). */
  get stats(): MergeStats {
    return this.#merge.stats;
  }

  /** Subscribes first, then reads the backfill: a record published in between comes live, or from the stream. */
  start(): void {
    const callback = (err: Error | null, msg: Msg): void => {
      if (err) return this.#o.log.warn(`bench ${this.#o.bench} history: ${err.message}`);
      const record = this.#parse(msg.data);
      if (record === undefined) return;
      this.#merge.live(record, this.#o.clock.nowMs());
      this.#reconcile();
    };
    for (const subject of benchSubjects(this.#o.bench).history) {
      this.#subscriptions.push(this.#o.nc.subscribe(subject, { callback }));
    }
    this.#reconcile();
  }

  /** Gives up on a hole the stream cannot fill within its bound; run by the watcher's timer. */
  tick(): void {
    this.#merge.tick(this.#o.clock.nowMs());
    this.#reconcile();
  }

  close(): void {
    this.#closed = true;
    for (const sub of this.#subscriptions) sub.unsubscribe();
    this.#stopReader();
  }

  /** A stream reader runs exactly while the merge is catching up. */
  #reconcile(): void {
    if (this.#closed) return;
    if (this.#merge.catchingUp && this.#reader === undefined) this.#startReader();
    else if (!this.#merge.catchingUp && this.#reader !== undefined) this.#stopReader();
  }

  #stopReader(): void {
    const run = this.#reader;
    this.#reader = undefined;
    if (run === undefined) return;
    run.stopped = true;
    run.close?.();
  }

  #startReader(): void {
    const run: ReaderRun = { stopped: false, close: undefined };
    this.#reader = run;
    const follow = async (): Promise<void> => {
      while (!run.stopped) {
        try {
          await this.#read(run);
        } catch (err) {
          if (!run.stopped)
            this.#o.log.debug(`bench ${this.#o.bench}: history reader: ${(err as Error).message}`);
        }
        if (!run.stopped) await new Promise((r) => setTimeout(r, READER_RETRY_MS));
      }
    };
    void follow();
  }

  /**
   * One ordered consumer from the merge's read position, by store time. When the broker restarts the
   * consumer is gone and the client's own reset does not recover it on every server version, so it is
   * closed here and made again from the position then (records already held are skipped by the merge).
   */
  async #read(run: ReaderRun): Promise<void> {
    const consumer = await this.#o.js.consumers.get(historyStreamName(this.#o.bench), {
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date(this.#merge.readFromMs).toISOString(),
    });
    if (run.stopped) return;
    // Short pulls: a lost consumer shows within seconds rather than after the default 30 s.
    const messages = await consumer.consume({ expires: 2_000 });
    run.close = () => void messages.close();
    if (run.stopped) return void messages.close();
    void (async () => {
      for await (const status of messages.status()) {
        if (
          status.type === 'consumer_not_found' ||
          status.type === 'reset' ||
          status.type === 'heartbeats_missed'
        ) {
          void messages.close();
        }
      }
    })();
    for await (const m of messages) {
      if (run.stopped) break;
      const record = this.#parse(m.data);
      if (record === undefined) continue;
      this.#merge.stored(
        record,
        { pending: m.info.pending, storedAtMs: millis(m.info.timestampNanos) },
        this.#o.clock.nowMs(),
      );
      this.#reconcile();
    }
  }

  #parse(data: Uint8Array): HistoryRecord | undefined {
    let value: unknown;
    try {
      value = JSON.parse(decoder.decode(data));
    } catch {
      value = undefined;
    }
    // Every live record passes here: the schema's rules by hand for a well-formed one (as the page does),
    // the schema itself for anything else.
    let record: HistoryRecord | undefined;
    if (isWellFormedHistoryRecord(value)) record = value;
    else {
      const parsed = historyRecordSchema.safeParse(value);
      record = parsed.success ? parsed.data : undefined;
    }
    if (record === undefined || record.bench !== this.#o.bench) {
      this.#o.onInvalid();
      return undefined;
    }
    return record;
  }
}
