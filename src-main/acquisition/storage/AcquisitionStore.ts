/**
 * All acquisitions under one data directory: `<dataDir>/acquisitions/<acquisition_id>/` holding meta.json
 * and samples.f32. The store owns meta.json — every state change is checked against the life cycle
 * (stateMachine.ts), serialised per acquisition and written atomically — and hands out the recorder that
 * writes samples and readers that read them back. Every public method checks the id against its strict
 * pattern before building a path, so an id from a socket message can never reach outside the data directory.
 */
import type { AlarmInterval } from '../../../shared/protocol/alarm.js';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  type Clock,
  type DiskSpace,
  Emitter,
  fsyncDirectory,
  type Logger,
  lowDiskMessage,
  statfsProbe,
  systemClock,
} from '../../util/index.js';
import { APP_VERSION } from '../../version.js';
import { AcquisitionError } from '../AcquisitionError.js';
import { AcquisitionReader } from './AcquisitionReader.js';
import type { AcquisitionRecorder } from './AcquisitionRecorder.js';
import { assertAcquisitionId, isAcquisitionId } from '../acquisitionId.js';
import { captureTooBigMessage } from './captureFits.js';
import { targetSampleCount, validateAcquisitionConfig, type AcquisitionConfig } from '../config.js';
import { KeyedMutex } from './KeyedMutex.js';
import { LiveCapture } from './LiveCapture.js';
import {
  newMeta,
  SAMPLES_FILE,
  snapshotSettings,
  withState,
  type AcquisitionMeta,
  type AcquisitionState,
} from './meta.js';
import { diskMetaFiles, readStoredMeta, type MetaFiles } from './metaFile.js';
import { PendingFinals } from './PendingFinals.js';
import type { RecorderTuning } from './recorderTypes.js';
import { recoverAll, type RecoveryReport } from './recovery.js';
import { fileSizeForSampleCount } from './sampleFile.js';
import { assertTransition, isActiveState } from './stateMachine.js';
import {
  assertRoomForAcquisition,
  DEFAULT_MAX_ACQUISITIONS,
  deleteAcquisitionFolder,
  makeAcquisitionFolder,
} from './storeFolders.js';
import type {
  AcquisitionStoreEvent,
  AcquisitionStoreOptions,
  CreateOptions,
  StartOptions,
} from './storeTypes.js';

/** The lock key that serialises creates (never an acquisition id). */
const CREATE_LOCK = '#create';

/** What decides a capture's size on disk. */
type CaptureLength = Pick<AcquisitionConfig, 'sample_rate_hz' | 'duration_s' | 'num_samples' | 'channels'>;

interface Live {
  capture: LiveCapture;
  /** The final metadata, once the recorder has closed the file and meta.json says how it ended. */
  settled: Promise<AcquisitionMeta>;
}

export class AcquisitionStore {
  readonly dataDir: string;
  /** `<dataDir>/acquisitions`. */
  readonly acquisitionsDir: string;
  /** created, state_changed, fault, deleted — for the server to broadcast. */
  readonly events = new Emitter<AcquisitionStoreEvent>();
  /** What open() recovered (empty when there was nothing, or when recovery was off). */
  recovered: readonly RecoveryReport[] = [];

  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #appVersion: string;
  readonly #tuning: RecorderTuning;
  readonly #locks = new KeyedMutex();
  readonly #live = new Map<string, Live>();
  readonly #files: MetaFiles;
  /** Captures that ended but whose final meta.json could not be written yet. */
  readonly #pending: PendingFinals;
  readonly #maxAcquisitions: number;
  #closing = false;

  private constructor(options: AcquisitionStoreOptions) {
    this.dataDir = options.dataDir;
    this.acquisitionsDir = path.join(options.dataDir, 'acquisitions');
    this.#log = options.log;
    this.#clock = options.clock ?? systemClock;
    this.#appVersion = options.appVersion ?? APP_VERSION;
    this.#tuning = options.recorder ?? {};
    this.#files = options.metaFiles ?? diskMetaFiles;
    this.#maxAcquisitions = options.maxAcquisitions ?? DEFAULT_MAX_ACQUISITIONS;
    this.#pending = new PendingFinals({
      files: this.#files,
      dirOf: (id) => this.#dirOf(id),
      locks: this.#locks,
      log: this.#log,
      retryIntervalMs: options.finalRetryIntervalMs,
    });
  }

  /** Creates the folders if needed and (unless told not to) recovers what a previous run left unfinished. */
  static async open(options: AcquisitionStoreOptions): Promise<AcquisitionStore> {
    const store = new AcquisitionStore(options);
    await mkdir(store.acquisitionsDir, { recursive: true });
    if (options.recover ?? true) store.recovered = await store.recover();
    return store;
  }

  /**
   * Validates `config` (validateAcquisitionConfig) and records a new idle acquisition. Throws
   * AcquisitionError 'invalid_config', 'limit_exceeded' (the folder holds `maxAcquisitions`), 'io_error',
   * or 'invalid_state' after close().
   */
  async create(config: AcquisitionConfig, options: CreateOptions): Promise<AcquisitionMeta> {
    this.#assertOpen();
    const valid = validateAcquisitionConfig(config, options.allowedChannels);
    this.#assertFits(valid, await this.#probeDisk(this.acquisitionsDir));
    const settings = snapshotSettings(options.instrumentSettings ?? {});
    // One create at a time, so two cannot both see room for the last acquisition the folder may hold.
    const meta = await this.#locks.run(CREATE_LOCK, async () => {
      await assertRoomForAcquisition(this.acquisitionsDir, this.#maxAcquisitions);
      const id = await makeAcquisitionFolder(this.acquisitionsDir);
      const made = newMeta(id, valid, settings, this.#appVersion, this.#clock.nowMs());
      try {
        await this.#files.write(this.#dirOf(id), made);
        await fsyncDirectory(this.acquisitionsDir);
      } catch (err) {
        await rm(this.#dirOf(id), { recursive: true, force: true });
        throw err;
      }
      return made;
    });
    this.#emit({ type: 'created', meta: structuredClone(meta) });
    return meta;
  }

  /** Every readable acquisition, oldest first; unreadable folders are logged and skipped. */
  async list(): Promise<AcquisitionMeta[]> {
    const ids = (await readdir(this.acquisitionsDir)).filter(isAcquisitionId);
    const results = await Promise.allSettled(ids.map((id) => this.get(id)));
    const metas: AcquisitionMeta[] = [];
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') metas.push(result.value);
      else this.#log.warn(`acquisition ${ids[i]} skipped: ${(result.reason as Error).message}`);
    });
    return metas.sort(
      (a, b) => a.created_ms - b.created_ms || a.acquisition_id.localeCompare(b.acquisition_id),
    );
  }

  /** The metadata; while capturing, sample_count is the samples on disk now. Throws 'not_found', 'corrupt'. */
  async get(id: string): Promise<AcquisitionMeta> {
    assertAcquisitionId(id);
    return this.#live.get(id)?.capture.meta ?? this.#stored(id);
  }

  /**
   * How many finished captures still have their final state only in memory (the disk was full when they
   * ended). Writing them is retried on a timer; `saveEndings()` tries now and resolves with what is left.
   */
  get unsavedEndings(): number {
    return this.#pending.size;
  }

  saveEndings(): Promise<number> {
    return this.#pending.saveAll();
  }

  /** The recorder of a capture in progress in this process, if any. */
  recorder(id: string): AcquisitionRecorder | undefined {
    return this.#live.get(assertAcquisitionId(id))?.capture.recorder;
  }

  /** Deletes the acquisition's folder. Throws AcquisitionError('busy') while armed, running or paused. */
  async delete(id: string): Promise<void> {
    assertAcquisitionId(id);
    await this.#locks.run(id, async () => {
      if (this.#live.has(id))
        throw new AcquisitionError('busy', `${id} is capturing; stop it before deleting`);
      const meta = await this.#stored(id).catch((err: unknown) => {
        // A record too broken to read can still be deleted; one that does not exist cannot.
        if (err instanceof AcquisitionError && err.code === 'corrupt') return undefined;
        throw err;
      });
      if (meta && isActiveState(meta.state)) {
        throw new AcquisitionError('busy', `${id} is ${meta.state}; stop or disarm it before deleting`);
      }
      await deleteAcquisitionFolder(this.acquisitionsDir, id);
      this.#pending.forget(id);
    });
    this.#emit({ type: 'deleted', acquisitionId: id });
  }

  /** idle → armed (waiting for a trigger or a start). Checks free space first. */
  async arm(id: string): Promise<AcquisitionMeta> {
    return this.#transitionStored(id, 'armed');
  }

  /** armed → idle. */
  async disarm(id: string): Promise<AcquisitionMeta> {
    return this.#transitionStored(id, 'idle');
  }

  /**
   * idle|armed → running: checks free space, creates samples.f32 and returns the recorder to append to.
   * Throws AcquisitionError 'busy', 'invalid_state', 'low_disk', 'io_error', 'not_found' or 'invalid_id'.
   */
  async start(id: string, options: StartOptions = {}): Promise<AcquisitionRecorder> {
    const dir = this.#dirOf(id);
    return this.#locks.run(id, async () => {
      this.#assertOpen();
      const previous = this.#live.get(id)?.capture.meta ?? (await this.#stored(id));
      assertTransition(id, previous.state, 'running');
      await this.#assertDiskSpace(dir, previous);
      const context = { dir, clock: this.#clock, log: this.#log, tuning: this.#tuning, files: this.#files };
      const capture = await LiveCapture.start(context, previous, options.t0Ms ?? this.#clock.nowMs());
      capture.recorder.events.on((event) => {
        if (event.type === 'fault') this.#emit({ type: 'fault', acquisitionId: id, fault: event.fault });
      });
      const settled = capture.recorder.finished.then((result) =>
        this.#locks.run(id, async () => {
          const before = capture.state;
          const { meta: final, saved } = await capture.finish(result, this.#closing);
          // Kept before the capture leaves #live, so no reader ever falls back to the stale file.
          if (!saved) this.#pending.add(final);
          this.#live.delete(id);
          this.#emitState(final, before);
          return final;
        }),
      );
      this.#live.set(id, { capture, settled });
      this.#emitState(capture.meta, previous.state);
      return capture.recorder;
    });
  }

  /** running → paused: the recorder refuses blocks until resume(). */
  async pause(id: string): Promise<AcquisitionMeta> {
    return this.#transitionLive(id, 'paused', (capture) => capture.pause());
  }

  /** paused → running: a new time segment starts at the next sample, at `t0Ms` (default now). */
  async resume(id: string, options: StartOptions = {}): Promise<AcquisitionMeta> {
    return this.#transitionLive(id, 'running', (capture) =>
      capture.resume(options.t0Ms ?? this.#clock.nowMs()),
    );
  }

  /**
   * While running: a new time segment starts at the next sample, at `t0Ms` (default now); the state stays
   * running and no state event is emitted (the caller reports why). Throws 'invalid_state' otherwise.
   */
  async addSegment(id: string, options: StartOptions = {}): Promise<AcquisitionMeta> {
    assertAcquisitionId(id);
    return this.#locks.run(id, async () => {
      const capture = this.#live.get(id)?.capture;
      if (capture === undefined) return this.#notLive(id, 'running');
      return capture.addSegment(options.t0Ms ?? this.#clock.nowMs());
    });
  }

  /**
   * Notes an alarm interval in every capture in progress (LiveCapture.noteAlarm). A capture whose meta.json
   * cannot be written keeps recording; the failure is logged.
   */
  async noteAlarm(interval: AlarmInterval): Promise<void> {
    await Promise.all(
      [...this.#live.keys()].map((id) =>
        this.#locks
          .run(id, async () => {
            await this.#live.get(id)?.capture.noteAlarm(interval);
          })
          .catch((err: unknown) =>
            this.#log.warn(
              `acquisition ${id}: alarm "${interval.name}" not noted: ${(err as Error).message}`,
            ),
          ),
      ),
    );
  }

  /**
   * running|paused → complete (error if the recorder faulted): writes out what is queued and resolves with
   * the final metadata. Throws AcquisitionError('invalid_state') when not capturing in this process.
   */
  async stop(id: string): Promise<AcquisitionMeta> {
    const live = this.#live.get(assertAcquisitionId(id));
    if (live === undefined) return this.#notLive(id, 'complete');
    void live.capture.recorder.stop();
    return live.settled;
  }

  /**
   * The folder holding an acquisition's files, for derived data kept beside them (capture review's
   * summaries): removed with the acquisition. Throws 'invalid_id'.
   */
  folderOf(id: string): string {
    return this.#dirOf(id);
  }

  /**
   * A reader of the samples on disk. For a capture in progress it reads up to the recorder's flushed count;
   * otherwise every whole frame in the file. Close it when done. Throws 'not_found', 'corrupt'.
   */
  async openReader(id: string): Promise<AcquisitionReader> {
    const dir = this.#dirOf(id);
    const filePath = path.join(dir, SAMPLES_FILE);
    const capture = this.#live.get(id)?.capture;
    if (capture === undefined) return AcquisitionReader.open({ filePath, meta: await this.#stored(id) });
    const recorder = capture.recorder;
    return AcquisitionReader.open({
      filePath,
      meta: capture.meta,
      liveSampleCount: () => recorder.flushedSampleCount,
    });
  }

  /**
   * Marks every acquisition a previous run left armed, running or paused as interrupted, keeping every
   * whole sample on disk (recovery.ts); removes leftover temp files and half-deleted folders. Skips
   * captures live in this process. A problem with one folder is logged and does not stop the others.
   */
  async recover(): Promise<RecoveryReport[]> {
    return recoverAll({
      acquisitionsDir: this.acquisitionsDir,
      skip: (id) => this.#live.has(id) || this.#pending.has(id),
      locked: (id, operation) => this.#locks.run(id, operation),
      files: this.#files,
      nowMs: () => this.#clock.nowMs(),
      log: this.#log,
      onRecovered: (report) => {
        if (!report.saved) this.#pending.add(report.meta);
        this.#emitState(report.meta, report.previousState);
      },
    });
  }

  /**
   * Ends every capture in progress (state interrupted, fault 'shutdown') and refuses new ones; tries once
   * more to write endings kept in memory (what still fails is recovered as interrupted at the next start).
   */
  async close(): Promise<void> {
    this.#closing = true;
    const live = [...this.#live.values()];
    for (const { capture } of live) void capture.recorder.stop();
    await Promise.all(live.map(({ settled }) => settled));
    const unsaved = await this.#pending.saveAll();
    this.#pending.close();
    if (unsaved > 0) {
      this.#log.error(
        `${unsaved} acquisition(s) ended but could not record it (disk full?); the next start marks them interrupted`,
      );
    }
  }

  #dirOf(id: string): string {
    return path.join(this.acquisitionsDir, assertAcquisitionId(id));
  }

  /**
   * The metadata of an acquisition not capturing in this process: its ending kept in memory, else
   * meta.json. An active state there is stale (its capture is not running here), so its sample_count is
   * taken from the file's whole frames, not from the last meta write.
   */
  async #stored(id: string): Promise<AcquisitionMeta> {
    return this.#pending.get(id) ?? readStoredMeta(this.#dirOf(id), id);
  }

  #assertOpen(): void {
    if (this.#closing) throw new AcquisitionError('invalid_state', 'the acquisition store is closed');
  }

  #probeDisk(dir: string): Promise<DiskSpace> {
    return (this.#tuning.diskSpace ?? statfsProbe)(dir);
  }

  /** Refuses to arm or start below the margin, or a capture of known length that would not fit. */
  async #assertDiskSpace(dir: string, capture: CaptureLength): Promise<void> {
    const space = await this.#probeDisk(dir);
    const low = lowDiskMessage(space, this.#tuning.diskMargin);
    if (low !== undefined)
      throw new AcquisitionError('low_disk', `${low}; capture not started`, { ...space });
    this.#assertFits(capture, space);
  }

  #assertFits(capture: CaptureLength, space: DiskSpace): void {
    const samples = targetSampleCount(capture);
    if (samples === undefined) return;
    const neededBytes = fileSizeForSampleCount(samples, capture.channels.length);
    const tooBig = captureTooBigMessage(neededBytes, space, this.#tuning.diskMargin);
    if (tooBig !== undefined) throw new AcquisitionError('low_disk', tooBig, { ...space, neededBytes });
  }

  /** A transition of an acquisition that has no recorder: idle ⇄ armed. */
  async #transitionStored(id: string, to: 'armed' | 'idle'): Promise<AcquisitionMeta> {
    const dir = this.#dirOf(id);
    return this.#locks.run(id, async () => {
      this.#assertOpen();
      const meta = this.#live.get(id)?.capture.meta ?? (await this.#stored(id));
      assertTransition(id, meta.state, to);
      if (to === 'armed') await this.#assertDiskSpace(dir, meta);
      const next = withState(meta, to, this.#clock.nowMs());
      await this.#files.write(dir, next);
      this.#emitState(next, meta.state);
      return next;
    });
  }

  /** A transition of a capture in progress: running ⇄ paused. */
  async #transitionLive(
    id: string,
    to: AcquisitionState,
    apply: (capture: LiveCapture) => Promise<AcquisitionMeta>,
  ): Promise<AcquisitionMeta> {
    assertAcquisitionId(id);
    return this.#locks.run(id, async () => {
      const capture = this.#live.get(id)?.capture;
      if (capture === undefined) return this.#notLive(id, to);
      const previous = capture.state;
      const next = await apply(capture);
      this.#emitState(next, previous);
      return next;
    });
  }

  /** Throws the right error for an acquisition that is not capturing in this process. */
  async #notLive(id: string, to: AcquisitionState): Promise<never> {
    const meta = await this.#stored(id);
    assertTransition(id, meta.state, to);
    throw new AcquisitionError(
      'invalid_state',
      `${id} is marked ${meta.state} but is not capturing in this process`,
    );
  }

  #emitState(meta: AcquisitionMeta, previousState: AcquisitionState): void {
    this.#emit({ type: 'state_changed', meta: structuredClone(meta), previousState });
  }

  #emit(event: AcquisitionStoreEvent): void {
    try {
      this.events.emit(event);
    } catch (err) {
      // A listener's bug must not leave a capture half-recorded.
      this.#log.error('acquisition store event listener threw', err);
    }
  }
}
