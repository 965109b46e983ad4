/**
 * The single_deep capture of a scope with a deep memory (a DS1000Z's 24 M points): one record after one
 * trigger. Its reader arms a single capture, polls until the scope has triggered and stopped (at most the
 * acquisition's `trigger_timeout_s`, then a clear error), downloads the whole memory record in the
 * driver's windows with progress, and hands it over as one record — then it is done and the capture
 * completes. Every step goes through the instrument host's queue (`run`).
 *
 * Cancel (stop_acquisition, shutdown) aborts the download through its AbortSignal, which reaches the
 * transport: the port drains the rest of the block, so the scope is left stopped with its memory intact and
 * the link in step. The part already read is discarded — nothing of a cancelled record is written — and
 * the capture completes with the samples it had (none). A link that drops mid-download ends the capture
 * with `source_failed` (`endsOnOutage`): half a record is never stitched to another.
 */
import { DEEP_TRIGGER_TIMEOUT_DEFAULT_S } from '../../../../shared/protocol/index.js';
import type { DeepMemoryCapture, ScopeRecord } from '../../../instruments/index.js';
import { systemTimers, type Timers } from '../../../util/index.js';
import { DEEP_MAX_SAMPLE_RATE_HZ, type AcquisitionChannel } from '../../config.js';
import { settingsSnapshot } from './settingsSnapshot.js';
import type {
  CaptureContext,
  CaptureHost,
  CaptureRefusal,
  CapturedRecord,
  DeepCaptureProgress,
  NoRecord,
  RecordCaptureSource,
  RecordReader,
  RecordReaderOptions,
} from './types.js';

/** How often the trigger status is asked while waiting, ms. */
export const TRIGGER_POLL_MS = 50;
/**
 * The host-queue timeout of the whole download, ms. It only has to bound a download that keeps moving: a
 * link that stops mid-block times out in the transport after its reply timeout (seconds), and 24 M points
 * take about 15 s at a DS1000Z's 1.7 MB/s.
 */
export const DEEP_DOWNLOAD_TIMEOUT_MS = 600_000;
/**
 * The host-queue timeout of one trigger-status poll, ms: longer than an ordinary call's, because a scope
 * that has just triggered a deep capture is busy finishing it (the emulator, which synthesises 24 M points
 * then, took over 2 s on a loaded machine).
 */
export const TRIGGER_POLL_TIMEOUT_MS = 15_000;
/** Least time between two `downloading` progress reports, ms. */
export const PROGRESS_INTERVAL_MS = 250;

/** A scope's deep memory as a capture source (see the file comment). */
export class DeepMemorySource implements RecordCaptureSource {
  readonly pacing = 'records';
  readonly endsOnOutage = true;
  readonly minReadIntervalMs = 0;
  readonly maxSampleRateHz = DEEP_MAX_SAMPLE_RATE_HZ;
  readonly equipmentId: string;
  readonly channels: readonly AcquisitionChannel[];
  readonly #host: CaptureHost;
  readonly #memory: DeepMemoryCapture;
  readonly #context: CaptureContext;

  constructor(host: CaptureHost, memory: DeepMemoryCapture, context: CaptureContext) {
    this.#host = host;
    this.#memory = memory;
    this.#context = context;
    this.equipmentId = host.id;
    this.channels = host.capabilities().channels.map((c) => ({ name: c.name, unit: c.unit }));
  }

  /** The record comes at the scope's own rate (its memory depth over its timebase): the request must match. */
  async admit(plan: { mode: string; sampleRateHz: number }): Promise<CaptureRefusal | undefined> {
    const who = this.#who();
    if (plan.mode !== 'single_deep') {
      return { field: 'mode', message: `${who}'s deep-memory source captures single_deep only` };
    }
    const rateHz = await this.#scopeRateHz();
    if (rateHz === undefined) {
      return { field: 'sample_rate_hz', message: `${who} did not report its sample rate; try again` };
    }
    if (Math.abs(rateHz - plan.sampleRateHz) <= rateHz * 1e-9) return undefined;
    return {
      field: 'sample_rate_hz',
      message: `${who} samples its memory at ${rateHz} Sa/s (its memory depth over its timebase); ${plan.sampleRateHz} Hz asked: a single_deep capture runs at the scope's own rate`,
      maxSampleRateHz: rateHz,
    };
  }

  async settings(): Promise<Record<string, unknown>> {
    const snapshot = await settingsSnapshot(this.#host);
    const global = snapshot.global as Record<string, unknown>;
    return {
      ...snapshot,
      capture: {
        method: 'deep_memory',
        // A scope that chooses its memory depth itself reports it apart from its read length.
        memory_depth: global.memory_depth ?? global.record_length,
        trigger_position: global.trigger_position,
      },
    };
  }

  openRecords(
    channels: readonly string[],
    _sampleRateHz: number,
    options: RecordReaderOptions = {},
  ): RecordReader {
    const numbers = channels.map((name) => {
      const index = this.channels.findIndex((c) => c.name === name);
      if (index < 0) throw new RangeError(`${this.equipmentId} has no acquisition channel ${name}`);
      return index + 1;
    });
    return new DeepRecordReader({
      host: this.#host,
      memory: this.#memory,
      who: this.#who(),
      names: channels,
      numbers,
      clock: this.#context.clock,
      timers: this.#context.timers ?? systemTimers,
      triggerTimeoutS: options.triggerTimeoutS ?? DEEP_TRIGGER_TIMEOUT_DEFAULT_S,
      onProgress: options.onProgress ?? (() => undefined),
    });
  }

  async #scopeRateHz(): Promise<number | undefined> {
    const { global } = await this.#host.getParameters();
    const rate = global.sample_rate;
    return typeof rate === 'number' && rate > 0 ? rate : undefined;
  }

  #who(): string {
    const { model } = this.#host.capabilities();
    return model === '' ? this.equipmentId : `${this.equipmentId} (${model})`;
  }
}

interface DeepReaderOptions {
  host: CaptureHost;
  memory: DeepMemoryCapture;
  who: string;
  names: readonly string[];
  numbers: readonly number[];
  clock: CaptureContext['clock'];
  timers: Timers;
  triggerTimeoutS: number;
  onProgress(progress: DeepCaptureProgress): void;
}

/** One single_deep capture's record: arm, wait, download, hand over once, then `end`. */
class DeepRecordReader implements RecordReader {
  readonly #o: DeepReaderOptions;
  readonly #abort = new AbortController();
  #done = false;
  #received = 0;
  #total = 0;
  #downloadStartMs: number | undefined;
  #lastReportMs = Number.NEGATIVE_INFINITY;

  constructor(options: DeepReaderOptions) {
    this.#o = options;
  }

  cancel(): void {
    this.#abort.abort();
  }

  async next(): Promise<CapturedRecord | NoRecord> {
    if (this.#done) return { kind: 'end', reason: 'the deep record was delivered' };
    this.#done = true;
    const { host, memory, clock } = this.#o;
    const signal = this.#abort.signal;
    try {
      this.#report('waiting_for_trigger');
      await host.run('arm single', (s) => memory.armSingle(s));
      const triggeredMs = await this.#waitForTrigger();
      if (triggeredMs === undefined) return this.#cancelled();
      this.#report('downloading');
      const record = await host.run(
        'deep-memory download',
        (s) =>
          memory.readMemory({
            signal: AbortSignal.any([s, signal]),
            onProgress: (p) => {
              this.#downloadStartMs ??= clock.nowMs();
              this.#received = p.receivedPoints;
              this.#total = p.totalPoints;
              if (clock.nowMs() - this.#lastReportMs >= PROGRESS_INTERVAL_MS) this.#report('downloading');
            },
          }),
        { timeoutMs: DEEP_DOWNLOAD_TIMEOUT_MS },
      );
      const captured = this.#toRecord(record, triggeredMs);
      this.#report('done');
      return captured;
    } catch (err) {
      if (signal.aborted) return this.#cancelled();
      this.#report('failed');
      throw err;
    }
  }

  /** Epoch ms when the scope was seen stopped with its capture; undefined when cancelled meanwhile. */
  async #waitForTrigger(): Promise<number | undefined> {
    const { host, memory, clock, triggerTimeoutS, who } = this.#o;
    const deadlineMs = clock.nowMs() + triggerTimeoutS * 1000;
    for (;;) {
      if (this.#abort.signal.aborted) return undefined;
      const done = await host.run('trigger status', (s) => memory.singleDone(s), {
        timeoutMs: TRIGGER_POLL_TIMEOUT_MS,
      });
      if (done) return clock.nowMs();
      if (clock.nowMs() >= deadlineMs) {
        throw new Error(
          `${who} did not trigger within ${triggerTimeoutS} s of arming its single capture: check the trigger source, level and slope, or allow longer with trigger_timeout_s (the scope is left armed)`,
        );
      }
      await this.#sleep(TRIGGER_POLL_MS);
    }
  }

  #sleep(ms: number): Promise<void> {
    const { timers } = this.#o;
    const signal = this.#abort.signal;
    return new Promise((resolve) => {
      const wake = (): void => {
        timers.clearTimeout(handle);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      const handle = timers.setTimeout(wake, ms);
      signal.addEventListener('abort', wake);
    });
  }

  #cancelled(): NoRecord {
    this.#report('cancelled');
    const of = this.#total > 0 ? ` after ${this.#received} of ${this.#total} points` : ' before the download';
    return {
      kind: 'end',
      reason: `the deep-memory capture was cancelled${of}; the partial record was discarded`,
    };
  }

  #toRecord(record: ScopeRecord, triggeredMs: number): CapturedRecord {
    const { names, numbers, who } = this.#o;
    const channels = numbers.map((n, i) => {
      const found = record.channels.find((c) => c.channel === n);
      if (found === undefined) {
        const carried = record.channels.map((c) => `CH${c.channel}`).join(', ');
        throw new Error(`${names[i]} is not enabled on ${who}: its memory holds ${carried}`);
      }
      return found.samples;
    });
    // The first sample sits x0 before the trigger; the trigger is placed when the scope was seen stopped.
    return {
      kind: 'record',
      t0Ms: triggeredMs + record.x0S * 1000,
      sampleRateHz: record.sampleRateHz,
      channels,
    };
  }

  #report(phase: DeepCaptureProgress['phase']): void {
    const nowMs = this.#o.clock.nowMs();
    this.#lastReportMs = nowMs;
    const elapsedS = this.#downloadStartMs === undefined ? 0 : (nowMs - this.#downloadStartMs) / 1000;
    const rate = elapsedS > 0 ? this.#received / elapsedS : 0;
    this.#o.onProgress({
      phase,
      receivedPoints: this.#received,
      totalPoints: this.#total,
      receivedBytes: this.#received,
      rateBytesPerS: rate,
      etaS: rate > 0 ? (this.#total - this.#received) / rate : undefined,
    });
  }
}
