/**
 * Reads a capture back from samples.f32 in bounded chunks — exporters stream through `chunks()`, a live view
 * that reconnects asks `readRange(from_sample, n)` — so memory stays proportional to the chunk, never to the
 * capture. Works on a capture that is still being written: it then reads only what the recorder reports as
 * flushed, never a frame the OS may be half-way through.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { AcquisitionError } from '../AcquisitionError.js';
import type { AcquisitionMeta } from './meta.js';
import type { SampleBlock } from './recorderTypes.js';
import {
  assertLittleEndianHost,
  decodeSampleFileHeader,
  deinterleave,
  frameBytes,
  SAMPLE_FILE_HEADER_BYTES,
  sampleCountForFileSize,
} from './sampleFile.js';

/** Samples per chunk unless asked otherwise (1 MiB of frames at 4 channels). */
export const DEFAULT_CHUNK_SAMPLES = 65_536;
/** Largest chunk or readRange, samples: bounds one read's memory at 32 MiB (8 channels × 4 B). */
export const MAX_CHUNK_SAMPLES = 1_048_576;

export interface ChannelSelection {
  /** Names of the channels to return, in the order wanted. Default: all, in the acquisition's order. */
  channels?: readonly string[];
}

export interface ReadOptions extends ChannelSelection {
  /** First sample to read. Default 0. */
  fromSample?: number;
  /** One past the last sample to read. Default: the samples readable when iteration starts. */
  toSample?: number;
  /** Samples per yielded block, 1..MAX_CHUNK_SAMPLES. Default DEFAULT_CHUNK_SAMPLES. */
  chunkSamples?: number;
}

export interface ReaderSource {
  /** Path of samples.f32. */
  filePath: string;
  meta: AcquisitionMeta;
  /** For a capture still being written: how many samples are safe to read now. */
  liveSampleCount?: () => number;
}

function isCount(value: number, max: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= max;
}

export class AcquisitionReader {
  readonly meta: AcquisitionMeta;
  readonly #handle: FileHandle | undefined;
  readonly #channelCount: number;
  readonly #frameBytes: number;
  readonly #storedSamples: number;
  readonly #live: (() => number) | undefined;

  private constructor(source: ReaderSource, handle: FileHandle | undefined, fileSamples: number) {
    this.meta = source.meta;
    this.#handle = handle;
    this.#channelCount = source.meta.channels.length;
    this.#frameBytes = frameBytes(this.#channelCount);
    // The file's whole frames, not meta.json's count: the count can be stale (a capture whose ending could
    // not be written on a full disk said 0 while its file held 1,528 samples), the file cannot — every
    // frame in it was written whole and in order, and a torn last frame does not count.
    this.#storedSamples = fileSamples;
    this.#live = source.liveSampleCount;
  }

  /**
   * Opens the sample file and checks its header against the metadata. Throws AcquisitionError('corrupt')
   * when they disagree or the file is missing although samples were recorded.
   */
  static async open(source: ReaderSource): Promise<AcquisitionReader> {
    assertLittleEndianHost();
    const { meta } = source;
    let handle: FileHandle;
    try {
      handle = await open(source.filePath, 'r');
    } catch (err) {
      const nothingRecorded = meta.sample_count === 0 && (source.liveSampleCount?.() ?? 0) === 0;
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && nothingRecorded) {
        return new AcquisitionReader(source, undefined, 0);
      }
      throw new AcquisitionError(
        'corrupt',
        `${meta.acquisition_id}: cannot open sample file: ${(err as Error).message}`,
      );
    }
    try {
      const bytes = new Uint8Array(SAMPLE_FILE_HEADER_BYTES);
      const { bytesRead } = await handle.read(bytes, 0, bytes.byteLength, 0);
      const header = decodeSampleFileHeader(bytes.subarray(0, bytesRead));
      const mismatch =
        header.channelCount !== meta.channels.length
          ? 'channel count'
          : header.sampleRateHz !== meta.sample_rate_hz
            ? 'sample rate'
            : meta.t0_ms !== undefined && header.t0Ms !== meta.t0_ms
              ? 't0'
              : undefined;
      if (mismatch) {
        throw new AcquisitionError(
          'corrupt',
          `${meta.acquisition_id}: sample file ${mismatch} disagrees with meta.json`,
        );
      }
      const { size } = await handle.stat();
      return new AcquisitionReader(source, handle, sampleCountForFileSize(size, header.channelCount));
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** Samples readable now (grows while a live capture is being written). */
  get sampleCount(): number {
    if (this.#handle === undefined) return 0;
    return this.#live ? this.#live() : this.#storedSamples;
  }

  /**
   * Streams samples [fromSample, toSample) in blocks of `chunkSamples`; each block's arrays are fresh and
   * may be kept. Throws AcquisitionError ('not_found' for an unknown channel, 'out_of_range' for a range
   * outside the capture, 'invalid_config' for a bad chunk size) before yielding anything.
   */
  async *chunks(options: ReadOptions = {}): AsyncGenerator<SampleBlock, void, undefined> {
    const wanted = this.#channelIndexes(options.channels);
    const available = this.sampleCount;
    const from = options.fromSample ?? 0;
    const to = options.toSample ?? available;
    if (!isCount(from, available) || !isCount(to, available) || to < from) {
      throw new AcquisitionError('out_of_range', `samples ${from}..${to} are outside 0..${available}`, {
        available,
      });
    }
    const chunk = options.chunkSamples ?? DEFAULT_CHUNK_SAMPLES;
    if (!isCount(chunk, MAX_CHUNK_SAMPLES) || chunk === 0) {
      throw new AcquisitionError(
        'invalid_config',
        `chunkSamples must be 1..${MAX_CHUNK_SAMPLES}, got ${chunk}`,
      );
    }
    // One frame buffer for the whole pass: the only per-chunk allocation is the de-interleaved output.
    const frames = new Float32Array(Math.min(chunk, Math.max(1, to - from)) * this.#channelCount);
    for (let start = from; start < to; start += chunk) {
      const count = Math.min(chunk, to - start);
      await this.#readFrames(frames, start, count);
      yield { firstSample: start, channels: deinterleave(frames, this.#channelCount, count, wanted) };
    }
  }

  /**
   * Up to `count` samples from `fromSample` (fewer at the end of what is readable; none when `fromSample`
   * equals sampleCount, i.e. a live view that is up to date). Throws AcquisitionError('out_of_range') for a
   * start beyond the readable samples or a count over MAX_CHUNK_SAMPLES.
   */
  async readRange(fromSample: number, count: number, options: ChannelSelection = {}): Promise<SampleBlock> {
    const wanted = this.#channelIndexes(options.channels);
    const available = this.sampleCount;
    if (!isCount(fromSample, available)) {
      throw new AcquisitionError('out_of_range', `from sample ${fromSample} is outside 0..${available}`, {
        available,
      });
    }
    if (!isCount(count, MAX_CHUNK_SAMPLES)) {
      throw new AcquisitionError('out_of_range', `count must be 0..${MAX_CHUNK_SAMPLES}, got ${count}`);
    }
    const n = Math.min(count, available - fromSample);
    const frames = new Float32Array(n * this.#channelCount);
    await this.#readFrames(frames, fromSample, n);
    return { firstSample: fromSample, channels: deinterleave(frames, this.#channelCount, n, wanted) };
  }

  /**
   * Reads `count` whole frames from `fromSample` into `into` exactly as stored: every channel, interleaved
   * in meta.json order (`meta.channels.length` float32 values per sample). For exporters whose output is
   * frame-shaped (CSV rows, NPY), which would otherwise pay for chunks()'s per-channel copy and allocation
   * and then interleave again. Throws AcquisitionError('out_of_range') for frames beyond the readable
   * samples or a buffer too small for them.
   */
  async readFramesInto(into: Float32Array, fromSample: number, count: number): Promise<void> {
    const available = this.sampleCount;
    if (!isCount(fromSample, available) || !isCount(count, available - fromSample)) {
      throw new AcquisitionError(
        'out_of_range',
        `frames ${fromSample}..${fromSample + count} are outside 0..${available}`,
        { available },
      );
    }
    if (count * this.#channelCount > into.length) {
      throw new AcquisitionError(
        'out_of_range',
        `${count} frames do not fit a buffer of ${into.length} values`,
      );
    }
    await this.#readFrames(into, fromSample, count);
  }

  async close(): Promise<void> {
    await this.#handle?.close();
  }

  #channelIndexes(names: readonly string[] | undefined): number[] {
    const all = this.meta.channels.map((c) => c.name);
    if (names === undefined) return all.map((_, i) => i);
    if (names.length === 0 || new Set(names).size !== names.length) {
      throw new AcquisitionError('invalid_config', 'channels must list each wanted channel once');
    }
    return names.map((name) => {
      const index = all.indexOf(name);
      if (index < 0) {
        throw new AcquisitionError(
          'not_found',
          `no channel "${name}" in ${this.meta.acquisition_id} (has ${all.join(', ')})`,
        );
      }
      return index;
    });
  }

  async #readFrames(into: Float32Array, firstSample: number, count: number): Promise<void> {
    const length = count * this.#frameBytes;
    if (length === 0) return;
    const bytes = new Uint8Array(into.buffer, into.byteOffset, length);
    const position = SAMPLE_FILE_HEADER_BYTES + firstSample * this.#frameBytes;
    for (let done = 0; done < length;) {
      const { bytesRead } = await this.#handle!.read(bytes, done, length - done, position + done);
      if (bytesRead === 0) {
        throw new AcquisitionError(
          'corrupt',
          `${this.meta.acquisition_id}: sample file ends before sample ${firstSample + count}`,
        );
      }
      done += bytesRead;
    }
  }
}
