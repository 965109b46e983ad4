/**
 * Which live streams a person wants running, per instrument, and at what rate: the one record every
 * dashboard follows when it opens, so a reload, a second dashboard or a backend restart comes up live with
 * the same streams, and a stream someone stopped stays stopped. Kept in the data folder (`streams.json`,
 * written atomically); a stream never touched is not in it (dashboards start those at their default rate).
 *
 * The file is outside input: it is validated on load, and an entry that is not a preference is skipped and
 * logged (the rest still count), never fatal. A write that fails keeps the choice in memory and is logged.
 */
import path from 'node:path';
import { z } from 'zod';
import {
  streamPreferenceKey,
  streamPreferenceSchema,
  type StreamPreference,
} from '../../shared/protocol/index.js';
import { type Logger, readTextIfPresent, writeFileAtomic } from '../util/index.js';

export const STREAM_MEMORY_FILE_NAME = 'streams.json';
/** More remembered streams than any bench has; a bound so the file cannot grow without limit. */
export const MAX_REMEMBERED_STREAMS = 1_000;

const fileSchema = z.object({ version: z.literal(1), streams: z.array(z.unknown()) });

export interface StreamMemoryOptions {
  /** Folder of `streams.json`; undefined keeps the choices in memory only. */
  dirPath?: string;
  log: Logger;
}

export class StreamMemory {
  readonly #filePath: string | undefined;
  readonly #log: Logger;
  readonly #byKey = new Map<string, StreamPreference>();
  #writing: Promise<void> = Promise.resolve();

  private constructor(options: StreamMemoryOptions) {
    this.#filePath = options.dirPath && path.join(options.dirPath, STREAM_MEMORY_FILE_NAME);
    this.#log = options.log;
  }

  /** Opens the memory, loading what the file holds (a missing file remembers nothing). */
  static async open(options: StreamMemoryOptions): Promise<StreamMemory> {
    const memory = new StreamMemory(options);
    await memory.#load();
    return memory;
  }

  /** Every remembered stream, in the order they were first remembered. */
  all(): StreamPreference[] {
    return [...this.#byKey.values()];
  }

  /**
   * Remembers one stream's choice (replacing an earlier one for the same stream) and writes the file
   * behind. Refused (false) when the memory is full of other streams.
   */
  remember(preference: StreamPreference): boolean {
    const key = streamPreferenceKey(preference);
    if (!this.#byKey.has(key) && this.#byKey.size >= MAX_REMEMBERED_STREAMS) return false;
    this.#byKey.set(key, { ...preference });
    if (this.#filePath) this.#writing = this.#writing.then(() => this.#save());
    return true;
  }

  /** Resolves once every choice so far has been written (or has failed to be). */
  async flushed(): Promise<void> {
    await this.#writing;
  }

  async #load(): Promise<void> {
    if (!this.#filePath) return;
    const text = await readTextIfPresent(this.#filePath);
    if (text === undefined) return;
    let parsed: z.infer<typeof fileSchema>;
    try {
      parsed = fileSchema.parse(JSON.parse(text));
    } catch {
      this.#log.warn(`${this.#filePath}: not a remembered-streams file; every stream starts at its default`);
      return;
    }
    let skipped = 0;
    for (const entry of parsed.streams) {
      const preference = streamPreferenceSchema.safeParse(entry);
      if (preference.success && this.#byKey.size < MAX_REMEMBERED_STREAMS)
        this.#byKey.set(streamPreferenceKey(preference.data), preference.data);
      else skipped++;
    }
    if (skipped > 0) this.#log.warn(`${this.#filePath}: skipped ${skipped} entry(ies) that are not streams`);
  }

  async #save(): Promise<void> {
    const filePath = this.#filePath!;
    try {
      await writeFileAtomic(
        filePath,
        JSON.stringify({ version: 1, streams: this.all() }, undefined, 2) + '\n',
      );
    } catch (err) {
      this.#log.warn(`remembered streams: could not write ${filePath}: ${(err as Error).message}`);
    }
  }
}
