/**
 * An acquisition capturing in this process: its recorder plus the authoritative copy of its metadata,
 * written through to meta.json on every change. The store serialises calls per acquisition; this class
 * only keeps recorder and meta.json in step (undoing a recorder change when meta.json cannot be written),
 * and holds the space for the final meta.json from start to end (metaFile.ts, meta.reserve).
 */
import path from 'node:path';
import type { Clock, Logger } from '../../util/index.js';
import type { AlarmInterval } from '../../../shared/protocol/alarm.js';
import { AcquisitionError } from '../AcquisitionError.js';
import { AcquisitionRecorder } from './AcquisitionRecorder.js';
import { targetSampleCount } from '../config.js';
import {
  SAMPLES_FILE,
  withState,
  type AcquisitionFault,
  type AcquisitionMeta,
  type AcquisitionState,
} from './meta.js';
import type { MetaFiles } from './metaFile.js';
import type { RecorderResult, RecorderTuning } from './recorderTypes.js';
import { assertTransition } from './stateMachine.js';

export interface LiveCaptureContext {
  /** The acquisition's folder. */
  dir: string;
  clock: Clock;
  log: Logger;
  tuning: RecorderTuning;
  files: MetaFiles;
}

/** How a capture ended: its final metadata, and whether meta.json says so yet. */
export interface FinishedCapture {
  meta: AcquisitionMeta;
  /** False when the final meta.json could not be written (the disk is full): the caller keeps `meta`. */
  saved: boolean;
}

export class LiveCapture {
  readonly recorder: AcquisitionRecorder;
  readonly #context: LiveCaptureContext;
  #meta: AcquisitionMeta;

  private constructor(context: LiveCaptureContext, meta: AcquisitionMeta, recorder: AcquisitionRecorder) {
    this.#context = context;
    this.#meta = meta;
    this.recorder = recorder;
  }

  /**
   * Creates samples.f32 (header synced), holds the space for the final meta.json, and then records the
   * acquisition as running with sample 0 at `t0Ms`. If either file cannot be written the recorder is
   * closed again and the acquisition stays as it was.
   */
  static async start(context: LiveCaptureContext, meta: AcquisitionMeta, t0Ms: number): Promise<LiveCapture> {
    const id = meta.acquisition_id;
    assertTransition(id, meta.state, 'running');
    const recorder = await AcquisitionRecorder.create({
      ...context.tuning,
      acquisitionId: id,
      filePath: path.join(context.dir, SAMPLES_FILE),
      channelCount: meta.channels.length,
      sampleRateHz: meta.sample_rate_hz,
      t0Ms,
      targetSampleCount: targetSampleCount(meta),
      log: context.log,
    }).catch((err: unknown) => {
      throw new AcquisitionError(
        'io_error',
        `${id}: cannot create the sample file: ${(err as Error).message}`,
      );
    });
    const running = withState(meta, 'running', context.clock.nowMs(), {
      t0_ms: t0Ms,
      t0_iso: new Date(t0Ms).toISOString(),
      segments: [{ first_sample: 0, t0_ms: t0Ms }],
    });
    try {
      await context.files.reserve(context.dir, running);
      await context.files.write(context.dir, running);
    } catch (err) {
      await recorder.stop();
      throw err;
    }
    return new LiveCapture(context, running, recorder);
  }

  /** A copy of the metadata, with sample_count as on disk now. */
  get meta(): AcquisitionMeta {
    return { ...structuredClone(this.#meta), sample_count: this.recorder.flushedSampleCount };
  }

  get state(): AcquisitionState {
    return this.#meta.state;
  }

  /** running → paused. */
  async pause(): Promise<AcquisitionMeta> {
    assertTransition(this.#meta.acquisition_id, this.#meta.state, 'paused');
    this.recorder.pause();
    return this.#commit('paused', {}, () => this.recorder.resume());
  }

  /** paused → running; the next sample starts a new time segment at `t0Ms`. */
  async resume(t0Ms: number): Promise<AcquisitionMeta> {
    assertTransition(this.#meta.acquisition_id, this.#meta.state, 'running');
    this.recorder.resume();
    const segment = { first_sample: this.recorder.receivedSampleCount, t0_ms: t0Ms };
    return this.#commit('running', { segments: [...this.#meta.segments, segment] }, () =>
      this.recorder.pause(),
    );
  }

  /**
   * While running: the next sample starts a new time segment at `t0Ms`, with no change of state — the
   * samples before and after a gap (an instrument offline) are never stitched onto one time base. A segment
   * with no sample yet is moved to `t0Ms` rather than followed by an empty one.
   */
  async addSegment(t0Ms: number): Promise<AcquisitionMeta> {
    if (this.#meta.state !== 'running') {
      throw new AcquisitionError(
        'invalid_state',
        `${this.#meta.acquisition_id} is ${this.#meta.state}; only a running capture takes a new segment`,
      );
    }
    const firstSample = this.recorder.receivedSampleCount;
    const kept = this.#meta.segments.filter((s) => s.first_sample < firstSample);
    const segments = [...kept, { first_sample: firstSample, t0_ms: t0Ms }];
    return this.#commit('running', { segments }, () => undefined);
  }

  /**
   * Notes an alarm raised (or, with `cleared_ms`, cleared) while this capture runs: the interval of the
   * same raise (alarm id and raise time) is replaced, a new one appended. Written through to meta.json.
   */
  async noteAlarm(interval: AlarmInterval): Promise<AcquisitionMeta> {
    const alarms = (this.#meta.alarms ?? []).filter(
      (a) => a.alarm_id !== interval.alarm_id || a.raised_ms !== interval.raised_ms,
    );
    alarms.push(structuredClone(interval));
    alarms.sort((a, b) => a.raised_ms - b.raised_ms);
    return this.#commit(this.#meta.state, { alarms }, () => undefined);
  }

  /**
   * Records how the capture ended, once the recorder has closed the file: error on a fault, interrupted
   * when the app is shutting down, complete otherwise; sample_count is what the file holds. A failed
   * write is logged and reported (`saved` false), not thrown: the samples are safe, and the caller keeps
   * the final state until it can be written.
   */
  async finish(result: RecorderResult, shuttingDown: boolean): Promise<FinishedCapture> {
    let fault: AcquisitionFault | undefined = result.fault;
    if (fault === undefined && shuttingDown)
      fault = { code: 'shutdown', message: 'capture ended by application shutdown' };
    const state: AcquisitionState = result.fault ? 'error' : shuttingDown ? 'interrupted' : 'complete';
    const final = withState(this.#meta, state, this.#context.clock.nowMs(), {
      sample_count: result.sampleCount,
    });
    if (fault !== undefined) final.error = fault;
    this.#meta = final;
    try {
      await this.#context.files.writeFinal(this.#context.dir, final);
      return { meta: structuredClone(final), saved: true };
    } catch (err) {
      this.#context.log.error(
        `acquisition ${final.acquisition_id}: could not record its end (${state}); kept in memory and retried`,
        err,
      );
      return { meta: structuredClone(final), saved: false };
    }
  }

  async #commit(
    state: AcquisitionState,
    changes: Partial<AcquisitionMeta>,
    undo: () => void,
  ): Promise<AcquisitionMeta> {
    const next = withState(this.#meta, state, this.#context.clock.nowMs(), {
      ...changes,
      sample_count: this.recorder.flushedSampleCount,
    });
    try {
      // Grow the held space first: a resume adds a segment to what the final meta.json will hold.
      await this.#context.files.reserve(this.#context.dir, next);
      await this.#context.files.write(this.#context.dir, next);
    } catch (err) {
      undo();
      throw err;
    }
    this.#meta = next;
    return structuredClone(next);
  }
}
