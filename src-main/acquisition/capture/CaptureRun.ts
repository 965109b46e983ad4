/**
 * One acquisition capturing in this process: a source's SamplePump feeding the store's recorder.
 *
 * - continuous / single: `start` opens the recorder with t0 = now and starts the pump on the same time base,
 *   so sample n is the signal at t0 + n / rate; a capture with a length (num_samples, duration_s) completes
 *   by itself when the recorder has it all.
 * - triggered: `start` arms the acquisition and runs the pump into a TriggerGate; when the edge comes, the
 *   recorder is opened with t0 = the time of the first pre-trigger sample and the gate's blocks (pre-trigger
 *   samples from its ring, then the rest) go in first. Blocks that arrive while the recorder is being opened
 *   wait in memory (a few ms' worth), so nothing between the trigger and the recorder is lost.
 *
 * The pump is paused before the recorder is (and resumed after it), so every block generated is accepted and
 * the sample indices of pump and recorder never drift apart. User operations run one at a time.
 *
 * An instrument that drops off its link while recording is an outage, not a failure: the capture goes on
 * in a new time segment when it is back (CaptureOutages.ts). Any other source failure ends the capture in
 * error; an armed capture whose source fails is disarmed.
 */
import type { Clock, Logger } from '../../util/index.js';
import { AcquisitionError } from '../AcquisitionError.js';
import { CaptureOutages, type CaptureLink } from './CaptureOutages.js';
import type {
  AcquisitionMeta,
  AcquisitionRecorder,
  AcquisitionStore,
  SampleBlock,
} from '../storage/index.js';
import { targetSampleCount } from '../config.js';
import { openCapturePump, type CapturePump } from './sources/capturePump.js';
import { TriggerGate } from './sources/TriggerGate.js';
import type { CaptureSource, DeepCaptureProgress } from './sources/types.js';

/** News for every client that is not a state change of its own (the store reports those). */
export interface CaptureNotice {
  acquisitionId: string;
  equipmentId: string;
  level: 'info' | 'warning' | 'alarm' | 'error';
  message: string;
  /** The event's kind on the wire; default `acquisition_notice`. */
  kind?: 'acquisition_notice' | 'acquisition_gap';
  /** Machine-readable particulars (for a gap: sample index, start and end times). */
  details?: Record<string, unknown>;
}

/** What a run needs from the service: the store, time, limits, and where to report. */
export interface CaptureRunContext {
  store: AcquisitionStore;
  clock: Clock;
  log: Logger;
  /** Pump period, ms. */
  blockIntervalMs: number;
  /** Largest block per append, samples per channel. */
  maxBlockSamples: number;
  notify(notice: CaptureNotice): void;
  /** Called once, when the run is over (its acquisition final, or back to idle). */
  onEnded(run: CaptureRun): void;
  /** The instrument's link; without it every source failure ends the capture. */
  link?: CaptureLink;
  /** A single_deep capture's progress (arming, download figures, the outcome). */
  progress?(progress: CaptureProgress): void;
}

/** A deep record's progress, for one acquisition. */
export interface CaptureProgress extends DeepCaptureProgress {
  acquisitionId: string;
  equipmentId: string;
}

type Phase = 'new' | 'armed' | 'starting' | 'recording' | 'ended';

/** One capture in progress (or armed) in this process; see the file comment. Operations run one at a time. */
export class CaptureRun {
  readonly acquisitionId: string;
  readonly #meta: AcquisitionMeta;
  readonly #ctx: CaptureRunContext;
  readonly #pump: CapturePump;
  #phase: Phase = 'new';
  #gate: TriggerGate | undefined;
  #recorder: AcquisitionRecorder | undefined;
  /** Pump index of the capture's sample 0 (non-zero only in triggered mode). */
  #offset = 0;
  /** Blocks between a trigger and the recorder being ready, already indexed from the capture's sample 0. */
  #pending: SampleBlock[] | undefined;
  #starting: Promise<void> | undefined;
  #sourceError: Error | undefined;
  readonly #outages: CaptureOutages | undefined;
  #ops: Promise<unknown> = Promise.resolve();

  constructor(meta: AcquisitionMeta, source: CaptureSource, ctx: CaptureRunContext) {
    this.acquisitionId = meta.acquisition_id;
    this.#meta = meta;
    this.#ctx = ctx;
    this.#pump = openCapturePump(
      source,
      {
        channels: meta.channels.map((c) => c.name),
        sampleRateHz: meta.sample_rate_hz,
        ...(meta.trigger_timeout_s !== undefined && { triggerTimeoutS: meta.trigger_timeout_s }),
      },
      ctx,
      {
        onBlock: (block) => this.#onBlock(block),
        onError: (error) => this.#onSourceError(error),
        onSegment: async (t0Ms) => void (await ctx.store.addSegment(this.acquisitionId, { t0Ms })),
        onMissed: ({ sample, reason, missedRecords }) =>
          this.#notify(
            'warning',
            `${meta.equipment_id} missed a record (${reason}): gap at sample ${sample}`,
            {
              kind: 'acquisition_gap',
              details: { gap: 'missed_record', sample, missed_records: missedRecords },
            },
          ),
        onEnd: () => this.#onSourceEnd(),
        onProgress: (progress) => this.#onProgress(progress),
      },
    );
    // A single deep record cannot go on in a new segment after its link dropped: that ends the capture.
    const ridesOutages = !(source.pacing === 'records' && source.endsOnOutage === true);
    const link = ridesOutages ? ctx.link : undefined;
    this.#outages =
      link &&
      new CaptureOutages({
        acquisitionId: this.acquisitionId,
        equipmentId: meta.equipment_id,
        link,
        pump: this.#pump,
        store: ctx.store,
        clock: ctx.clock,
        log: ctx.log,
        firstSampleIndex: () => this.#offset,
        recording: () => this.#phase === 'recording',
        serial: (operation) => this.#serial(operation),
        notify: (level, message, extra) => this.#notify(level, message, extra),
        fail: (message) => this.#recorder?.fail({ code: 'source_failed', message }),
      });
  }

  /** What the source achieved so far (CapturePump.stats). */
  sourceStats(): Record<string, number> | undefined {
    return this.#pump.stats();
  }

  get ended(): boolean {
    return this.#phase === 'ended';
  }

  /** idle → running (continuous, single) or idle → armed (triggered). Throws what the store throws. */
  start(): Promise<AcquisitionMeta> {
    return this.#serial(() => this.#start());
  }

  /** running → paused. */
  pause(): Promise<AcquisitionMeta> {
    return this.#serial(async () => {
      if (this.#meta.mode === 'single_deep') {
        throw new AcquisitionError(
          'invalid_state',
          `${this.acquisitionId} is a single_deep capture: it cannot pause; stop it to cancel the download`,
        );
      }
      await this.#starting;
      if (this.#phase !== 'recording') return this.#ctx.store.pause(this.acquisitionId);
      const wasRunning = this.#pump.running;
      await this.#pump.pause();
      try {
        return await this.#ctx.store.pause(this.acquisitionId);
      } catch (err) {
        if (wasRunning) this.#pump.continue();
        throw err;
      }
    });
  }

  /** paused → running: a new time segment starts now, at the next sample index. */
  resume(): Promise<AcquisitionMeta> {
    return this.#serial(async () => {
      await this.#starting;
      if (this.#phase !== 'recording') return this.#ctx.store.resume(this.acquisitionId);
      if (this.#pump.running) {
        // The store would call this `busy` (already capturing); for a resume it is simply the wrong state.
        throw new AcquisitionError(
          'invalid_state',
          `${this.acquisitionId} is running, not paused; nothing to resume`,
        );
      }
      const t0Ms = this.#ctx.clock.nowMs();
      const meta = await this.#ctx.store.resume(this.acquisitionId, { t0Ms });
      this.#pump.start(t0Ms);
      return meta;
    });
  }

  /** running|paused → complete (resolves with the final metadata); armed → idle (disarmed). */
  stop(): Promise<AcquisitionMeta> {
    return this.#serial(async () => {
      await this.#pump.pause();
      await this.#starting; // a trigger that fired meanwhile has started the recorder: stop that
      if (this.#phase === 'armed') {
        const meta = await this.#ctx.store.disarm(this.acquisitionId);
        this.#end();
        return meta;
      }
      return this.#ctx.store.stop(this.acquisitionId);
    });
  }

  /** For shutdown: stops the pump; an armed acquisition is disarmed (the store ends recording ones). */
  async shutdown(): Promise<void> {
    await this.#pump.pause();
    await this.#starting;
    if (this.#phase === 'armed') {
      await this.#ctx.store.disarm(this.acquisitionId).catch(() => undefined);
      this.#end();
    }
  }

  async #start(): Promise<AcquisitionMeta> {
    if (this.#phase !== 'new')
      throw new AcquisitionError('busy', `${this.acquisitionId} is already capturing`);
    const { store, clock } = this.#ctx;
    try {
      if (this.#meta.mode === 'triggered') {
        const armed = await store.arm(this.acquisitionId);
        const trigger = this.#meta.trigger!;
        this.#gate = new TriggerGate({
          channelCount: this.#meta.channels.length,
          channelIndex: this.#meta.channels.findIndex((c) => c.name === trigger.channel),
          level: trigger.level,
          edge: trigger.edge,
          preSamples: trigger.pre_trigger_samples ?? 0,
        });
        this.#phase = 'armed';
        this.#pump.start(clock.nowMs());
        return armed;
      }
      const t0Ms = clock.nowMs();
      this.#attach(await store.start(this.acquisitionId, { t0Ms }));
      const target = targetSampleCount(this.#meta);
      if (target !== undefined) this.#pump.setLimit(target);
      this.#phase = 'recording';
      this.#pump.start(t0Ms);
      return await store.get(this.acquisitionId);
    } catch (err) {
      this.#end();
      throw err;
    }
  }

  #onBlock(block: SampleBlock): void {
    if (this.#gate !== undefined) {
      const hit = this.#gate.push(block);
      if (hit === undefined) return;
      this.#gate = undefined;
      this.#offset = hit.startIndex;
      this.#pending = hit.blocks;
      const target = targetSampleCount(this.#meta);
      if (target !== undefined) this.#pump.setLimit(hit.startIndex + target);
      this.#phase = 'starting';
      this.#starting = this.#startTriggered(this.#pump.timeOf(hit.startIndex));
      return;
    }
    const firstSample = block.firstSample - this.#offset;
    if (this.#pending !== undefined) {
      this.#pending.push({ firstSample, channels: block.channels.map((c) => c.slice()) });
      return;
    }
    this.#recorder?.append({ firstSample, channels: block.channels });
  }

  async #startTriggered(t0Ms: number): Promise<void> {
    const { store, log } = this.#ctx;
    try {
      const recorder = await store.start(this.acquisitionId, { t0Ms });
      this.#attach(recorder);
      this.#phase = 'recording';
      for (const block of this.#pending ?? []) recorder.append(block);
      this.#pending = undefined;
      if (this.#sourceError) recorder.fail({ code: 'source_failed', message: this.#sourceError.message });
    } catch (err) {
      this.#pending = undefined;
      await this.#pump.pause();
      await store
        .disarm(this.acquisitionId)
        .catch((e: unknown) => log.error(`${this.acquisitionId}: disarm failed`, e));
      this.#notify(
        'alarm',
        `trigger fired but the capture could not start: ${(err as Error).message}; back to idle`,
      );
      this.#end();
    }
  }

  #attach(recorder: AcquisitionRecorder): void {
    this.#recorder = recorder;
    void recorder.finished.then(async () => {
      await this.#pump.pause();
      this.#end();
    });
  }

  #onSourceError(error: Error): void {
    if (this.#phase === 'recording' && this.#recorder !== undefined && this.#outages?.isOutage(error)) {
      return this.#outages.begin(error);
    }
    const message = `${this.#meta.equipment_id} failed: ${error.message}; capture stopped`;
    this.#ctx.log.error(`acquisition ${this.acquisitionId}: ${message}`);
    if (this.#recorder !== undefined) {
      this.#recorder.fail({ code: 'source_failed', message });
    } else if (this.#phase === 'starting') {
      this.#sourceError = new Error(message);
    } else if (this.#phase === 'armed') {
      void this.#serial(async () => {
        if (this.#phase !== 'armed') return;
        await this.#ctx.store.disarm(this.acquisitionId);
        this.#notify('error', `${message} while waiting for the trigger; back to idle`);
        this.#end();
      }).catch((err: unknown) =>
        this.#ctx.log.error(`acquisition ${this.acquisitionId}: disarm failed`, err),
      );
    }
  }

  /** The reader delivered its one record (or has none to give): the capture is complete. */
  #onSourceEnd(): void {
    void this.#serial(async () => {
      if (this.#phase === 'recording') await this.#ctx.store.stop(this.acquisitionId);
    }).catch((err: unknown) => this.#ctx.log.error(`acquisition ${this.acquisitionId}: stop failed`, err));
  }

  #onProgress(progress: DeepCaptureProgress): void {
    const equipmentId = this.#meta.equipment_id;
    this.#ctx.progress?.({ ...progress, acquisitionId: this.acquisitionId, equipmentId });
    if (progress.phase !== 'cancelled') return;
    const of =
      progress.totalPoints > 0
        ? `after ${progress.receivedPoints} of ${progress.totalPoints} points`
        : 'before the download began';
    this.#notify(
      'info',
      `${equipmentId} deep-memory download cancelled ${of}; the partial record was discarded`,
      {
        details: {
          cancelled: true,
          received_points: progress.receivedPoints,
          total_points: progress.totalPoints,
        },
      },
    );
  }

  #notify(
    level: CaptureNotice['level'],
    message: string,
    extra: Pick<CaptureNotice, 'kind' | 'details'> = {},
  ): void {
    this.#ctx.notify({
      acquisitionId: this.acquisitionId,
      equipmentId: this.#meta.equipment_id,
      level,
      message,
      ...extra,
    });
  }

  #end(): void {
    if (this.#phase === 'ended') return;
    this.#outages?.clear();
    this.#phase = 'ended';
    this.#ctx.onEnded(this);
  }

  #serial<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#ops.then(operation);
    this.#ops = result.catch(() => undefined);
    return result;
  }
}
