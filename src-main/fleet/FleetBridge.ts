/**
 * What a dashboard backend started with `--nats` offers its WebSocket sessions (FleetAccess): the benches
 * FleetWatcher sees, their history, and requests to them as this backend's controller id. A lease this
 * backend took is renewed every second until it is released, handed over or refused, so it lapses only
 * when this backend vanishes.
 */
import type { FleetBenchInfo, FleetGap, FleetReply, HistoryRecord } from '../../shared/protocol/index.js';
import type { FleetWaveformBytes } from '../../shared/codec/fleetWaveformFrame.js';
import type { FleetAccess } from '../server/index.js';
import type { Logger } from '../util/index.js';
import type { FleetWatcher } from './FleetWatcher.js';

/** Renewals of held leases, ms: a third of the lease's 3 s. */
const RENEW_INTERVAL_MS = 1_000;

export class FleetBridge implements FleetAccess {
  readonly controllerId: string;
  readonly #watcher: FleetWatcher;
  readonly #log: Logger;
  readonly #held = new Set<string>();
  /**
   * Benches whose lease this backend gave up (released or handed over), with the bench's `lastSeenMs` when
   * the bench confirmed it: a presence seen by then may still name this backend, and must not make it renew
   * (a renewal takes a free lease) — only a presence that came after the confirmation can.
   */
  readonly #gaveUp = new Map<string, number>();
  /** Benches whose release or hand-over is on its way: never renewed meanwhile. */
  readonly #givingUp = new Set<string>();
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(options: { watcher: FleetWatcher; controllerId: string; log: Logger }) {
    this.#watcher = options.watcher;
    this.controllerId = options.controllerId;
    this.#log = options.log;
    this.#timer = setInterval(() => void this.#renew(), RENEW_INTERVAL_MS);
    this.#timer.unref();
  }

  /** Benches whose lease this backend holds (and renews). */
  held(): string[] {
    return [...this.#held];
  }

  close(): void {
    clearInterval(this.#timer);
  }

  benches(): FleetBenchInfo[] {
    return this.#watcher.benches().map((b) => ({
      bench: b.bench,
      online: b.online,
      last_seen: b.lastSeenMs,
      equipment_ids: b.equipmentIds,
      lease: b.lease,
      instance_id: b.instanceId,
    }));
  }

  history(bench: string): { records: readonly HistoryRecord[]; gaps: readonly FleetGap[] } | undefined {
    const history = this.#watcher.history(bench);
    return (
      history && {
        records: history.records,
        gaps: history.gaps.map((g) => ({ from: g.fromMs, to: g.toMs, missing_records: g.missingRecords })),
      }
    );
  }

  lastSeq(bench: string): number | undefined {
    return this.#watcher.lastSeq(bench);
  }

  onRecord(listener: (bench: string, record: HistoryRecord) => void): () => void {
    return this.#watcher.changes.on((change) => {
      if (change.kind === 'record') listener(change.bench, change.record);
    });
  }

  watchWaveforms(bench: string, listener: (waveform: FleetWaveformBytes) => void): () => void {
    return this.#watcher.watchWaveforms(bench, listener);
  }

  onBenchesChanged(listener: () => void): () => void {
    return this.#watcher.changes.on((change) => {
      if (change.kind === 'bench') listener();
    });
  }

  command(bench: string, command: unknown): Promise<FleetReply> {
    return this.#watcher.request(bench, { kind: 'command', from: this.controllerId, command });
  }

  async lease(bench: string, action: 'take' | 'release' | 'hand_over', to?: string): Promise<FleetReply> {
    const givingUp = action !== 'take';
    if (givingUp) {
      // Stop renewing before the request leaves, not when its answer comes: the bench carries requests out
      // in order, so a renewal sent after the release would take the freed lease straight back.
      this.#held.delete(bench);
      this.#givingUp.add(bench);
    }
    let reply: FleetReply;
    try {
      reply = await this.#watcher.request(bench, { kind: 'lease', from: this.controllerId, action, to });
    } finally {
      if (givingUp) this.#givingUp.delete(bench);
    }
    if (reply.kind === 'lease' && reply.lease.holder === this.controllerId) {
      this.#held.add(bench);
      this.#gaveUp.delete(bench);
    } else if (reply.kind === 'lease' || givingUp) {
      this.#held.delete(bench);
      // NATS delivers one publisher's messages in order: a presence the bench sent after this reply
      // arrives after it, so one seen now is from before the release. (A release that failed, a timeout
      // say, is given up all the same: the person asked for it, and an unrenewed lease lapses.)
      this.#gaveUp.set(bench, this.#lastSeenMs(bench));
    }
    return reply;
  }

  #lastSeenMs(bench: string): number {
    return this.#watcher.benches().find((b) => b.bench === bench)?.lastSeenMs ?? -Infinity;
  }

  async #renew(): Promise<void> {
    // A lease handed to this backend by another controller is ours to keep alive too — unless the presence
    // saying so is from before this backend gave it up (renewing would take it back).
    for (const b of this.#watcher.benches()) {
      if (b.lease.holder !== this.controllerId || this.#givingUp.has(b.bench)) continue;
      const gaveUpSeenMs = this.#gaveUp.get(b.bench);
      if (gaveUpSeenMs !== undefined && b.lastSeenMs <= gaveUpSeenMs) continue;
      this.#gaveUp.delete(b.bench);
      this.#held.add(b.bench);
    }
    for (const bench of [...this.#held]) {
      // Renewals go one after another: a release may have started while an earlier one was answered.
      if (!this.#held.has(bench)) continue;
      const reply = await this.#watcher.request(
        bench,
        { kind: 'lease', from: this.controllerId, action: 'renew' },
        RENEW_INTERVAL_MS,
      );
      if (reply.kind === 'error' && reply.code === 'lease_held') {
        // Someone took it after it lapsed (this backend was away): stop claiming it.
        this.#held.delete(bench);
        this.#log.warn(`bench ${bench}: lease lost: ${reply.message}`);
      }
    }
  }
}
