/**
 * Records one acquisition's samples into samples.f32 without ever making the producer wait for the disk,
 * and without ever losing a sample unnoticed.
 *
 * `append` checks a block, copies it into interleaved frames and hands it to a FrameWriter (which writes in
 * the background and fdatasyncs at least every `syncIntervalMs`). Anything that would make the file
 * disagree with what the producer sent — a gap or overlap in sample indices, a writer so far behind that
 * its queue exceeds the byte budget, a write error, free space below the margin — stops the capture with
 * one fault event. Everything accepted before it is still written (after a write error: counted as lost),
 * and the file is left holding whole frames only.
 */
import path from 'node:path';
import {
  DEFAULT_DISK_MARGIN,
  type DiskMargin,
  type DiskSpaceProbe,
  Emitter,
  fsyncDirectory,
  type Logger,
  lowDiskMessage,
  openFileSink,
  type SampleSink,
  statfsProbe,
  writeFully,
} from '../../util/index.js';
import { AcquisitionError } from '../AcquisitionError.js';
import { FrameWriter } from './FrameWriter.js';
import type { AcquisitionFault } from './meta.js';
import type {
  FinishReason,
  RecorderEvent,
  RecorderOptions,
  RecorderPhase,
  RecorderResult,
  RecorderStats,
  SampleBlock,
} from './recorderTypes.js';
import { assertLittleEndianHost, encodeSampleFileHeader, frameBytes, interleave } from './sampleFile.js';

const DEFAULT_SYNC_INTERVAL_MS = 250;
const DEFAULT_MAX_QUEUED_BYTES = 256 * 1024 * 1024;
const DEFAULT_DISK_CHECK_INTERVAL_MS = 1_000;

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export class AcquisitionRecorder {
  readonly acquisitionId: string;
  readonly channelCount: number;
  readonly sampleRateHz: number;
  /** Epoch ms of sample 0. */
  readonly t0Ms: number;
  readonly targetSampleCount: number | undefined;
  readonly events = new Emitter<RecorderEvent>();
  /** Resolves, never rejects, once the file is final and closed. */
  readonly finished: Promise<RecorderResult>;

  readonly #log: Logger;
  readonly #writer: FrameWriter;
  readonly #frameBytes: number;
  readonly #maxQueuedBytes: number;
  readonly #diskSpace: DiskSpaceProbe;
  readonly #diskMargin: DiskMargin;
  readonly #dirPath: string;
  readonly #diskTimer: ReturnType<typeof setInterval>;
  #resolveFinished: (result: RecorderResult) => void = () => undefined;
  #phase: RecorderPhase = 'recording';
  #finishReason: FinishReason = 'stopped';
  #fault: AcquisitionFault | undefined;
  #received = 0;
  #refused = 0;
  #diskCheckInFlight = false;

  private constructor(options: RecorderOptions, sink: SampleSink) {
    this.acquisitionId = options.acquisitionId;
    this.channelCount = options.channelCount;
    this.sampleRateHz = options.sampleRateHz;
    this.t0Ms = options.t0Ms;
    this.targetSampleCount = options.targetSampleCount;
    this.#log = options.log;
    this.#frameBytes = frameBytes(options.channelCount);
    this.#maxQueuedBytes = options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
    this.#diskSpace = options.diskSpace ?? statfsProbe;
    this.#diskMargin = options.diskMargin ?? DEFAULT_DISK_MARGIN;
    this.#dirPath = path.dirname(options.filePath);
    this.finished = new Promise((resolve) => (this.#resolveFinished = resolve));
    this.#writer = new FrameWriter(sink, {
      channelCount: options.channelCount,
      syncIntervalMs: options.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS,
      onFlushed: (flushedSampleCount) => this.#emit({ type: 'flushed', flushedSampleCount }),
      onError: (err) => this.#onWriteError(err),
    });
    this.#diskTimer = setInterval(
      () => this.#checkDisk(),
      options.diskCheckIntervalMs ?? DEFAULT_DISK_CHECK_INTERVAL_MS,
    );
    this.#diskTimer.unref();
  }

  /**
   * Creates (or truncates) the sample file and writes its header, made durable before any sample is
   * accepted. Rejects with the file system's error if that fails.
   */
  static async create(options: RecorderOptions): Promise<AcquisitionRecorder> {
    assertLittleEndianHost();
    const sink = await (options.openSink ?? openFileSink)(options.filePath);
    try {
      await writeFully(sink, [encodeSampleFileHeader(options)], 0, () => undefined);
      await sink.datasync();
      await fsyncDirectory(path.dirname(options.filePath));
    } catch (err) {
      await sink.close().catch(() => undefined);
      throw err;
    }
    return new AcquisitionRecorder(options, sink);
  }

  get phase(): RecorderPhase {
    return this.#phase;
  }
  get receivedSampleCount(): number {
    return this.#received;
  }
  /** Whole samples in the file, readable from another handle and kept if this process crashes. */
  get flushedSampleCount(): number {
    return this.#writer.flushedFrames;
  }
  get fault(): AcquisitionFault | undefined {
    return this.#fault;
  }

  stats(): RecorderStats {
    const flushed = this.#writer.flushedFrames;
    return {
      receivedSampleCount: this.#received,
      flushedSampleCount: flushed,
      durableSampleCount: this.#writer.durableFrames,
      queuedBytes: this.#writer.queuedBytes,
      maxLagMs: this.#writer.maxLagMs,
      refusedSampleCount: this.#refused,
      lostSampleCount: this.#writer.failed ? this.#received - flushed : 0,
    };
  }

  /**
   * Queues a block for writing and returns at once; the caller may reuse its arrays afterwards. Returns
   * false, counting the samples as refused, when not recording (paused, stopping, finished) or when the
   * block faults the capture (a gap or overlap, or a queue over budget) — the fault itself is reported once
   * through `events`. Throws RangeError on a block whose shape does not fit the acquisition (a programming
   * error, not a data fault).
   */
  append(block: SampleBlock): boolean {
    const count = this.#checkShape(block);
    if (this.#phase !== 'recording') {
      this.#refused += count;
      return false;
    }
    if (block.firstSample !== this.#received) {
      const delta = block.firstSample - this.#received;
      const what = delta > 0 ? `gap of ${delta} samples` : `overlap of ${-delta} samples`;
      this.#refused += count;
      this.#fail({
        code: 'discontinuity',
        message: `sample ${what}: a block starts at sample ${block.firstSample} after ${this.#received} samples; capture stopped, every sample before the block kept`,
      });
      return false;
    }
    const take =
      this.targetSampleCount === undefined ? count : Math.min(count, this.targetSampleCount - this.#received);
    const bytes = take * this.#frameBytes;
    if (this.#writer.queuedBytes + bytes > this.#maxQueuedBytes) {
      this.#refused += count;
      this.#fail({
        code: 'backlog',
        message: `disk writer fell behind: ${mib(this.#writer.queuedBytes + bytes)} would be queued, over the ${mib(this.#maxQueuedBytes)} budget; capture stopped after sample ${this.#received}`,
      });
      return false;
    }
    if (take > 0) {
      const frames = interleave(block.channels, 0, take);
      this.#writer.enqueue(new Uint8Array(frames.buffer));
      this.#received += take;
    }
    if (this.targetSampleCount !== undefined && this.#received >= this.targetSampleCount) {
      this.#beginStop('target_reached');
    }
    return true;
  }

  /**
   * Stops the capture with `fault` (e.g. the instrument feeding it failed): everything accepted is still
   * written and the acquisition ends in `error`. Ignored once finishing or after an earlier fault.
   */
  fail(fault: AcquisitionFault): void {
    if (this.#phase !== 'recording' && this.#phase !== 'paused') return;
    this.#fail(fault);
  }

  /** Stops accepting blocks (they are refused) while keeping the file open. Only while recording. */
  pause(): void {
    if (this.#phase !== 'recording') throw this.#phaseError('pause');
    this.#phase = 'paused';
  }

  resume(): void {
    if (this.#phase !== 'paused') throw this.#phaseError('resume');
    this.#phase = 'recording';
  }

  /** Stops accepting, writes out the queue, syncs and closes. Safe to call more than once. */
  stop(): Promise<RecorderResult> {
    this.#beginStop('stopped');
    return this.finished;
  }

  #phaseError(action: string): AcquisitionError {
    return new AcquisitionError(
      'invalid_state',
      `cannot ${action} ${this.acquisitionId}: recorder is ${this.#phase}`,
    );
  }

  #checkShape(block: SampleBlock): number {
    if (block.channels.length !== this.channelCount) {
      throw new RangeError(
        `block has ${block.channels.length} channels, acquisition has ${this.channelCount}`,
      );
    }
    const count = block.channels[0]!.length;
    if (block.channels.some((c) => c.length !== count))
      throw new RangeError('block channels differ in length');
    if (!Number.isSafeInteger(block.firstSample) || block.firstSample < 0) {
      throw new RangeError(`block firstSample ${block.firstSample} is not a sample index`);
    }
    return count;
  }

  #emit(event: RecorderEvent): void {
    try {
      this.events.emit(event);
    } catch (err) {
      // A listener's bug must not stop the writer.
      this.#log.error(`acquisition ${this.acquisitionId}: recorder event listener threw`, err);
    }
  }

  #fail(fault: AcquisitionFault): void {
    if (this.#fault !== undefined) {
      this.#log.warn(`acquisition ${this.acquisitionId}: further fault after the first: ${fault.message}`);
      return;
    }
    this.#fault = fault;
    this.#log.error(`acquisition ${this.acquisitionId}: ${fault.message}`);
    this.#emit({ type: 'fault', fault });
    this.#beginStop('fault');
  }

  #onWriteError(err: unknown): void {
    const error = err as NodeJS.ErrnoException;
    const full = error.code === 'ENOSPC' || error.code === 'EDQUOT';
    const kept = this.#writer.flushedFrames;
    this.#fail({
      code: full ? 'disk_full' : 'write_failed',
      message: `${full ? 'disk full' : 'write failed'} (${error.code ?? error.message}): capture stopped with ${kept} samples kept; ${this.#received - kept} received samples could not be written`,
    });
  }

  #checkDisk(): void {
    if (this.#diskCheckInFlight || (this.#phase !== 'recording' && this.#phase !== 'paused')) return;
    this.#diskCheckInFlight = true;
    this.#diskSpace(this.#dirPath)
      .then((space) => {
        const low = lowDiskMessage(space, this.#diskMargin);
        if (low === undefined || (this.#phase !== 'recording' && this.#phase !== 'paused')) return;
        this.#fail({
          code: 'low_disk',
          message: `${low}; capture stopped cleanly after sample ${this.#received}`,
        });
      })
      .catch((err: unknown) =>
        this.#log.warn(`acquisition ${this.acquisitionId}: free-space check failed`, err),
      )
      .finally(() => (this.#diskCheckInFlight = false));
  }

  #beginStop(reason: FinishReason): void {
    if (reason === 'fault') this.#finishReason = 'fault';
    if (this.#phase !== 'recording' && this.#phase !== 'paused') return;
    this.#phase = 'stopping';
    if (reason !== 'fault') this.#finishReason = reason;
    clearInterval(this.#diskTimer);
    void this.#finish();
  }

  async #finish(): Promise<void> {
    await this.#writer.close();
    this.#phase = 'finished';
    const result: RecorderResult = {
      reason: this.#finishReason,
      sampleCount: this.#writer.flushedFrames,
      stats: this.stats(),
    };
    if (this.#fault !== undefined) result.fault = this.#fault;
    this.#resolveFinished(result);
    this.#emit({ type: 'finished', result });
  }
}
