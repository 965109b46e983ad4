/**
 * A capture's min/max summaries on disk, beside its samples: `<capture>/review/L1.f32`, `L2.f32`, … (entries
 * as in pyramid.ts, appended, never rewritten) and `review/index.json`, which says how many entries of each
 * level are valid. The index is replaced atomically only after the level files are synced, so after a crash
 * it describes data that is on disk; entries past its counts are ignored and overwritten. The index also
 * names the sample file it summarises (channels, rate, t0): a summary that disagrees with the capture, or
 * covers more samples than the file now holds (a capture recovered after a crash may lose its unsynced
 * tail), is thrown away and rebuilt.
 *
 * `extend` brings the summaries up to the samples readable now, reading only what is new: a running
 * capture's summaries grow with it, a finished capture without any (captured before this existed) gets
 * them built on first open.
 */
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { AcquisitionReader } from '../acquisition/index.js';
import { readTextIfPresent, writeFileAtomic } from '../util/index.js';
import { PYRAMID_FACTOR, reduceLevel, valuesPerItem } from './pyramid.js';

export const SUMMARY_DIR = 'review';
const INDEX_FILE = 'index.json';
const SUMMARY_FORMAT = 1;
/** Level-l−1 items reduced per read while building: 64 Ki items = 1 Ki entries of level l. */
const GROUPS_PER_READ = 1024;

const indexSchema = z.strictObject({
  format: z.literal(SUMMARY_FORMAT),
  channel_count: z.number().int().min(1),
  sample_rate_hz: z.number().positive(),
  t0_ms: z.number().optional(),
  /** Valid entries of levels 1, 2, … */
  entries: z.array(z.number().int().min(0)),
});
type SummaryIndex = z.infer<typeof indexSchema>;

export interface SummaryIdentity {
  channelCount: number;
  sampleRateHz: number;
  t0Ms?: number;
}

export class SummaryFiles {
  readonly #dirPath: string;
  readonly #identity: SummaryIdentity;
  /** Valid entries per level; index 0 is unused (level 0 is the sample file). */
  #entries: number[] = [0];
  readonly #handles = new Map<number, FileHandle>();
  /** Entries added since the index was last written. */
  #dirty = false;

  private constructor(dirPath: string, identity: SummaryIdentity) {
    this.#dirPath = dirPath;
    this.#identity = identity;
  }

  /**
   * Opens (or starts) the summaries in `<captureDir>/review`. Ones that do not match `identity` or claim
   * more than `sampleCount` samples are discarded.
   */
  static async open(
    captureDir: string,
    identity: SummaryIdentity,
    sampleCount: number,
  ): Promise<SummaryFiles> {
    const files = new SummaryFiles(path.join(captureDir, SUMMARY_DIR), identity);
    const index = await files.#readIndex();
    const matches =
      index !== undefined &&
      index.channel_count === identity.channelCount &&
      index.sample_rate_hz === identity.sampleRateHz &&
      index.t0_ms === identity.t0Ms &&
      (index.entries[0] ?? 0) * PYRAMID_FACTOR <= sampleCount;
    if (matches) files.#entries = [0, ...index.entries];
    else await rm(files.#dirPath, { recursive: true, force: true });
    return files;
  }

  /** Valid items per level, level 0 being `sampleCount` (what the caller can read from the sample file). */
  available(sampleCount: number): number[] {
    return [sampleCount, ...this.#entries.slice(1)];
  }

  /** Highest level holding at least one entry. */
  get topLevel(): number {
    return this.#entries.length - 1;
  }

  /**
   * Summarises whatever `reader` holds beyond the current summaries. Returns the number of new level-1
   * entries (0 when already up to date, so nothing is written). In this process the new entries are usable
   * at once; `persist` records them for the next one.
   */
  async extend(reader: AcquisitionReader): Promise<number> {
    const sampleCount = reader.sampleCount;
    const before = this.#entries[1] ?? 0;
    if (Math.floor(sampleCount / PYRAMID_FACTOR) <= before) return 0;
    await mkdir(this.#dirPath, { recursive: true });
    for (let level = 1; ; level++) {
      const sourceItems = level === 1 ? sampleCount : this.#entries[level - 1]!;
      const target = Math.floor(sourceItems / PYRAMID_FACTOR);
      if (target === 0) break;
      const done = this.#entries[level] ?? 0;
      if (target > done) await this.#build(reader, level, done, target);
    }
    this.#dirty = true;
    return this.#entries[1]! - before;
  }

  /**
   * Makes the summaries so far durable: syncs the level files, then replaces the index atomically. Three
   * fsyncs, which on a busy disk take seconds: a running capture's are persisted now and then and when it
   * ends, not on every extension (a crash then costs a rebuild of the rest, never a wrong summary).
   */
  async persist(): Promise<void> {
    if (!this.#dirty) return;
    this.#dirty = false;
    for (const handle of this.#handles.values()) await handle.datasync();
    const index: SummaryIndex = {
      format: SUMMARY_FORMAT,
      channel_count: this.#identity.channelCount,
      sample_rate_hz: this.#identity.sampleRateHz,
      entries: this.#entries.slice(1),
    };
    if (this.#identity.t0Ms !== undefined) index.t0_ms = this.#identity.t0Ms;
    await writeFileAtomic(path.join(this.#dirPath, INDEX_FILE), JSON.stringify(index));
  }

  /**
   * Reads `count` entries of `level` (≥ 1) from `first` into `into` (at least count × 2 × channels long).
   * Only entries the index declares valid may be asked for.
   */
  async readEntries(level: number, first: number, count: number, into: Float32Array): Promise<void> {
    if (first + count > (this.#entries[level] ?? 0)) {
      throw new RangeError(`level ${level} entries ${first}..${first + count} are not summarised`);
    }
    const entryBytes = 4 * valuesPerItem(level, this.#identity.channelCount);
    const handle = await this.#handle(level);
    const bytes = new Uint8Array(into.buffer, into.byteOffset, count * entryBytes);
    for (let done = 0; done < bytes.byteLength;) {
      const { bytesRead } = await handle.read(
        bytes,
        done,
        bytes.byteLength - done,
        first * entryBytes + done,
      );
      if (bytesRead === 0) throw new Error(`summary level ${level} ends before entry ${first + count}`);
      done += bytesRead;
    }
  }

  async close(): Promise<void> {
    const handles = [...this.#handles.values()];
    this.#handles.clear();
    await Promise.all(handles.map((h) => h.close().catch(() => undefined)));
  }

  /** Entries [done, target) of `level` from level − 1, in bounded reads. */
  async #build(reader: AcquisitionReader, level: number, done: number, target: number): Promise<void> {
    const channels = this.#identity.channelCount;
    const sourceStride = valuesPerItem(level - 1, channels);
    const outStride = valuesPerItem(level, channels);
    const source = new Float32Array(Math.min(GROUPS_PER_READ, target - done) * PYRAMID_FACTOR * sourceStride);
    const out = new Float32Array(Math.min(GROUPS_PER_READ, target - done) * outStride);
    const handle = await this.#handle(level);
    for (let entry = done; entry < target;) {
      const groups = Math.min(GROUPS_PER_READ, target - entry);
      const firstSource = entry * PYRAMID_FACTOR;
      const sourceCount = groups * PYRAMID_FACTOR;
      if (level === 1) await reader.readFramesInto(source, firstSource, sourceCount);
      else await this.readEntries(level - 1, firstSource, sourceCount, source);
      reduceLevel(source, level - 1, channels, groups, out);
      const bytes = new Uint8Array(out.buffer, 0, groups * outStride * 4);
      for (let written = 0; written < bytes.byteLength;) {
        const { bytesWritten } = await handle.write(
          bytes,
          written,
          bytes.byteLength - written,
          entry * outStride * 4 + written,
        );
        written += bytesWritten;
      }
      entry += groups;
      this.#entries[level] = entry;
    }
  }

  async #handle(level: number): Promise<FileHandle> {
    let handle = this.#handles.get(level);
    if (handle === undefined) {
      // 'a+' would force appends to the end; summaries are written at computed offsets, so open r+ and
      // create the file first when it does not exist.
      const filePath = path.join(this.#dirPath, `L${level}.f32`);
      handle = await open(filePath, 'r+').catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
        return open(filePath, 'w+');
      });
      this.#handles.set(level, handle);
    }
    return handle;
  }

  async #readIndex(): Promise<SummaryIndex | undefined> {
    let text: string | undefined;
    try {
      text = await readTextIfPresent(path.join(this.#dirPath, INDEX_FILE));
    } catch {
      return undefined;
    }
    if (text === undefined) return undefined;
    try {
      const parsed = indexSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}
