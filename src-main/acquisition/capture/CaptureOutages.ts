/**
 * A capture's instrument dropping off its link, for CaptureRun: an outage, not a failure. The pump has
 * stopped at the last sample it had; every client hears of the gap (`acquisition_gap`, gap started); once
 * the instrument is back online the capture goes on in a new time segment (meta.json `segments`) starting
 * at the next sample index — samples from either side of the gap are never put on one time base — and
 * clients hear that too (gap ended). A user's pause during the outage wins: the resume starts the segment.
 */
import { isLinkFailure } from '../../instruments/index.js';
import type { Clock, Logger } from '../../util/index.js';
import type { AcquisitionStore } from '../storage/index.js';
import type { CaptureNotice } from './CaptureRun.js';
import type { CapturePump } from './sources/capturePump.js';

/** The instrument's link as a capture needs it: whether it is up, and word when that changes. */
export interface CaptureLink {
  readonly online: boolean;
  onStateChange(listener: (change: { state: string }) => void): () => void;
}

/** What the outage handling needs from its run. */
export interface OutageContext {
  acquisitionId: string;
  equipmentId: string;
  link: CaptureLink;
  pump: Pick<CapturePump, 'produced' | 'running' | 'timeOf' | 'start'>;
  store: Pick<AcquisitionStore, 'get' | 'addSegment'>;
  clock: Clock;
  log: Logger;
  /** Pump index of the capture's sample 0. */
  firstSampleIndex(): number;
  /** True while the run records (not armed, not ended). */
  recording(): boolean;
  /** Runs `operation` after the run's other operations (user commands). */
  serial(operation: () => Promise<void>): Promise<void>;
  notify(
    level: CaptureNotice['level'],
    message: string,
    extra: Pick<CaptureNotice, 'kind' | 'details'>,
  ): void;
  /** Ends the capture in error (resuming failed). */
  fail(message: string): void;
}

/** A gap in progress: where the capture stopped. */
interface Outage {
  /** Capture index of the first sample not taken. */
  sample: number;
  /** Epoch ms that sample was due. */
  fromMs: number;
  unsubscribe: () => void;
}

export class CaptureOutages {
  readonly #ctx: OutageContext;
  #outage: Outage | undefined;

  constructor(ctx: OutageContext) {
    this.#ctx = ctx;
  }

  /** Whether a source failure is the link (the instrument offline, or a link error), not the instrument. */
  isOutage(error: Error): boolean {
    return !this.#ctx.link.online || isLinkFailure(error) || isLinkFailure(error.cause);
  }

  /** The source failed on the link: report the gap and wait for the instrument. */
  begin(error: Error): void {
    this.clear();
    const { link, pump, equipmentId } = this.#ctx;
    const produced = pump.produced;
    const sample = produced - this.#ctx.firstSampleIndex();
    const fromMs = pump.timeOf(produced);
    const unsubscribe = link.onStateChange((change) => {
      if (change.state === 'online') this.#endSoon();
    });
    this.#outage = { sample, fromMs, unsubscribe };
    this.#ctx.log.warn(
      `acquisition ${this.#ctx.acquisitionId}: ${equipmentId} lost at sample ${sample}: ${error.message}`,
    );
    this.#ctx.notify(
      'warning',
      `${equipmentId} cannot be read (${error.message}): capture waits at sample ${sample} and goes on in a new segment when it is back`,
      { kind: 'acquisition_gap', details: { gap: 'started', sample, from_ms: fromMs } },
    );
    // A timeout on a link that is still up: try again at once (the next failure is another gap).
    if (link.online) this.#endSoon();
  }

  /** Stops waiting (the run ended, or a pause took over). */
  clear(): void {
    this.#outage?.unsubscribe();
    this.#outage = undefined;
  }

  #endSoon(): void {
    void this.#ctx
      .serial(() => this.#end())
      .catch((err: unknown) => {
        this.#ctx.log.error(`acquisition ${this.#ctx.acquisitionId}: could not resume after the gap`, err);
        this.#ctx.fail(
          `could not resume after ${this.#ctx.equipmentId} came back: ${(err as Error).message}`,
        );
      });
  }

  /** The instrument is back: a new segment starts now, at the next sample. */
  async #end(): Promise<void> {
    const outage = this.#outage;
    const { pump, store, acquisitionId } = this.#ctx;
    if (outage === undefined || !this.#ctx.recording() || pump.running) return;
    const meta = await store.get(acquisitionId);
    // Paused meanwhile: the user's resume starts the next segment.
    if (meta.state !== 'running') return this.clear();
    const t0Ms = this.#ctx.clock.nowMs();
    await store.addSegment(acquisitionId, { t0Ms });
    this.clear();
    pump.start(t0Ms);
    const gapS = (t0Ms - outage.fromMs) / 1000;
    this.#ctx.notify(
      'info',
      `${this.#ctx.equipmentId} is back: capture goes on at sample ${outage.sample} in a new segment after a gap of ${gapS.toFixed(3)} s`,
      {
        kind: 'acquisition_gap',
        details: { gap: 'ended', sample: outage.sample, from_ms: outage.fromMs, to_ms: t0Ms },
      },
    );
  }
}
