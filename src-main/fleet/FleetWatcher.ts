/**
 * A dashboard backend's view of the fleet: every bench that announces itself, whether it is online (a
 * presence within `offlineAfterMs`), its lease, and its last minute of history — backfilled from its
 * JetStream stream when first seen, then followed live by core subscription, holes in the live seq read
 * from the stream (HistoryFollower), so nothing arrives twice and nothing is skipped. Also sends requests
 * (commands, lease actions) to a bench, with a timeout.
 */
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection, Subscription as NatsSubscription } from '@nats-io/transport-node';
import {
  type FleetReply,
  type FleetRequest,
  fleetReplySchema,
  type HistoryRecord,
  type LeaseState,
  presenceSchema,
} from '../../shared/protocol/index.js';
import type { FleetWaveformBytes } from '../../shared/codec/fleetWaveformFrame.js';
import { type Clock, Emitter, type Logger, systemClock } from '../util/index.js';
import { BenchTimeline, type HistoryGap } from './BenchTimeline.js';
import { HistoryFollower } from './HistoryFollower.js';
import type { MergeStats } from './HistoryMerge.js';
import { requestFailure } from './requestFailure.js';
import { WaveformWatches } from './WaveformWatches.js';
import { ALL_PRESENCE, benchSubjects, isSubjectToken } from './subjects.js';

export interface FleetBench {
  bench: string;
  online: boolean;
  /** When its last presence arrived, ms since epoch (this backend's clock). */
  lastSeenMs: number;
  instanceId: string;
  equipmentIds: string[];
  lease: LeaseState;
}

export type FleetChange =
  { kind: 'bench'; bench: FleetBench } | { kind: 'record'; bench: string; record: HistoryRecord };

/** A bench whose presence stops for this long is shown offline (it announces once a second). */
export const OFFLINE_AFTER_DEFAULT_MS = 3_000;
/** Requests to a bench give up after this long, ms. */
export const REQUEST_TIMEOUT_DEFAULT_MS = 5_000;

interface BenchEntry {
  state: FleetBench;
  timeline: BenchTimeline;
  history: HistoryFollower | undefined;
}

export class FleetWatcher {
  readonly changes = new Emitter<FleetChange>();
  readonly #nc: NatsConnection;
  readonly #js: JetStreamClient;
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #offlineAfterMs: number;
  readonly #backfillMs: number;
  readonly #holeWaitMs: number | undefined;
  readonly #benches = new Map<string, BenchEntry>();
  readonly #waveforms: WaveformWatches;
  #presence: NatsSubscription | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #invalid = 0;

  constructor(options: {
    nc: NatsConnection;
    log: Logger;
    clock?: Clock;
    offlineAfterMs?: number;
    /** History fetched for a bench when first seen, ms (default 60 s). */
    backfillMs?: number;
    /**
     * How long live records wait for the stream to fill a hole before it is marked a gap, ms (default
     * HistoryMerge's STALL_DEFAULT_MS).
     */
    holeWaitMs?: number;
  }) {
    this.#nc = options.nc;
    this.#js = jetstream(options.nc);
    this.#log = options.log;
    this.#clock = options.clock ?? systemClock;
    this.#offlineAfterMs = options.offlineAfterMs ?? OFFLINE_AFTER_DEFAULT_MS;
    this.#backfillMs = options.backfillMs ?? 60_000;
    this.#holeWaitMs = options.holeWaitMs;
    this.#waveforms = new WaveformWatches({
      nc: options.nc,
      log: options.log,
      onInvalid: () => this.#invalid++,
    });
  }

  /** Messages from NATS that failed validation and were dropped. */
  get invalidMessages(): number {
    return this.#invalid;
  }

  start(): void {
    this.#presence = this.#nc.subscribe(ALL_PRESENCE, {
      callback: (err, msg) => {
        if (err) return this.#log.warn(`fleet presence: ${err.message}`);
        this.#onPresence(msg.data);
      },
    });
    this.#timer = setInterval(() => this.checkOnline(), Math.min(500, this.#offlineAfterMs / 4));
  }

  close(): void {
    clearInterval(this.#timer);
    this.#presence?.unsubscribe();
    for (const entry of this.#benches.values()) entry.history?.close();
    this.#waveforms.close();
  }

  benches(): FleetBench[] {
    return [...this.#benches.values()].map((e) => ({ ...e.state }));
  }

  /** `duplicates`: records delivered again (backfill and live overlap, re-deliveries) and dropped. */
  history(
    bench: string,
  ): { records: readonly HistoryRecord[]; gaps: readonly HistoryGap[]; duplicates: number } | undefined {
    const entry = this.#benches.get(bench);
    return (
      entry && {
        records: entry.timeline.records(),
        gaps: entry.timeline.gaps(),
        duplicates: entry.timeline.duplicates + (entry.history?.stats.heldDuplicates ?? 0),
      }
    );
  }

  /**
   * How following `bench`'s history went: holes in its live seq, those the stream could not fill in time
   * (gaps), live records dropped over the hold bound or as copies; undefined for an unknown bench.
   */
  followStats(bench: string): MergeStats | undefined {
    return this.#benches.get(bench)?.history?.stats;
  }

  /** The newest history seq held for `bench` (0 before its first record); undefined for an unknown bench. */
  lastSeq(bench: string): number | undefined {
    return this.#benches.get(bench)?.timeline.lastSeq;
  }

  /**
   * Calls `listener` with every valid waveform `bench` publishes until the returned function is called.
   * Waveforms are not history: only what arrives while watching (WaveformWatches).
   */
  watchWaveforms(bench: string, listener: (waveform: FleetWaveformBytes) => void): () => void {
    return this.#waveforms.watch(bench, listener);
  }

  /**
   * Marks benches whose presence stopped as offline, and gives up on holes the stream could not fill in
   * time; run by the timer, or by tests with their clock.
   */
  checkOnline(): void {
    const nowMs = this.#clock.nowMs();
    for (const entry of this.#benches.values()) {
      entry.history?.tick();
      const online = nowMs - entry.state.lastSeenMs <= this.#offlineAfterMs;
      if (online === entry.state.online) continue;
      entry.state.online = online;
      this.#log.info(`bench ${entry.state.bench} is ${online ? 'online again' : 'offline'}`);
      this.changes.emit({ kind: 'bench', bench: { ...entry.state } });
    }
  }

  /**
   * Sends one request to a bench and validates its reply; a timeout, no agent listening or another
   * failure of the request is an error reply saying which (requestFailure).
   */
  async request(
    bench: string,
    request: FleetRequest,
    timeoutMs = REQUEST_TIMEOUT_DEFAULT_MS,
  ): Promise<FleetReply> {
    if (!isSubjectToken(bench)) {
      return { kind: 'error', code: 'not_found', message: `"${bench}" is not a bench id` };
    }
    let data: unknown;
    try {
      const msg = await this.#nc.request(benchSubjects(bench).control, JSON.stringify(request), {
        timeout: timeoutMs,
      });
      data = msg.json();
    } catch (err) {
      const seen = this.#benches.get(bench)?.state;
      return requestFailure(
        bench,
        err,
        timeoutMs,
        seen && { lastSeenAgoMs: this.#clock.nowMs() - seen.lastSeenMs },
      );
    }
    const reply = fleetReplySchema.safeParse(data);
    if (!reply.success) {
      this.#invalid++;
      return {
        kind: 'error',
        code: 'internal',
        message: `bench ${bench} sent a reply that is not a fleet reply`,
      };
    }
    return reply.data as FleetReply;
  }

  #onPresence(data: Uint8Array): void {
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(data));
    } catch {
      value = undefined;
    }
    const parsed = presenceSchema.safeParse(value);
    if (!parsed.success || !isSubjectToken(parsed.data.bench)) {
      this.#invalid++;
      return;
    }
    const p = parsed.data;
    const nowMs = this.#clock.nowMs();
    const entry = this.#benches.get(p.bench);
    if (entry === undefined) {
      const added: BenchEntry = {
        state: {
          bench: p.bench,
          online: true,
          lastSeenMs: nowMs,
          instanceId: p.instance_id,
          equipmentIds: p.equipment_ids,
          lease: p.lease,
        },
        timeline: new BenchTimeline(),
        history: undefined,
      };
      this.#benches.set(p.bench, added);
      this.#log.info(`bench ${p.bench} joined (${p.equipment_ids.length} instruments)`);
      this.#followHistory(added);
      this.changes.emit({ kind: 'bench', bench: { ...added.state } });
      return;
    }
    if (p.instance_id !== entry.state.instanceId && p.seq < entry.timeline.lastSeq) {
      // A new run of the agent that counts from below what we hold: its stream was made anew (it resumes
      // from its stream's last record). Its records would all look like duplicates; start over from them.
      this.#log.info(
        `bench ${p.bench} restarted at seq ${p.seq}, below the ${entry.timeline.lastSeq} held: history anew`,
      );
      entry.history?.close();
      entry.timeline = new BenchTimeline();
      this.#followHistory(entry);
    }
    const wasOnline = entry.state.online;
    // A new run tells every page to follow the bench afresh (FleetFollower), even if it was never seen
    // offline: a history made anew would otherwise show nothing until its seqs passed the old ones.
    const newRun = entry.state.instanceId !== p.instance_id;
    const leaseChanged = entry.state.lease.holder !== p.lease.holder;
    const equipmentChanged = entry.state.equipmentIds.join('\n') !== p.equipment_ids.join('\n');
    entry.state = {
      ...entry.state,
      online: true,
      lastSeenMs: nowMs,
      instanceId: p.instance_id,
      equipmentIds: p.equipment_ids,
      lease: p.lease,
    };
    if (!wasOnline || newRun || leaseChanged || equipmentChanged) {
      if (!wasOnline) this.#log.info(`bench ${p.bench} is online again`);
      this.changes.emit({ kind: 'bench', bench: { ...entry.state } });
    }
  }

  #followHistory(entry: BenchEntry): void {
    const bench = entry.state.bench;
    const follower = new HistoryFollower({
      nc: this.#nc,
      js: this.#js,
      bench,
      timeline: entry.timeline,
      clock: this.#clock,
      log: this.#log,
      backfillMs: this.#backfillMs,
      stallMs: this.#holeWaitMs,
      onRecord: (record) => this.changes.emit({ kind: 'record', bench, record }),
      onInvalid: () => this.#invalid++,
    });
    entry.history = follower;
    follower.start();
  }
}
