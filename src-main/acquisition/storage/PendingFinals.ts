/**
 * How captures ended whose final meta.json could not be written (a full disk, even for the reserve: see
 * metaFile.ts). The store answers from here instead of the stale "running" on disk, so get, list, stop and
 * delete tell the truth and work; writing is retried every `retryIntervalMs` and at close, so the state
 * reaches the disk once there is room. If the process ends first, recovery finds the capture unfinished
 * and marks it interrupted (code `crash`), keeping every sample in the file.
 */
import type { Logger } from '../../util/index.js';
import type { KeyedMutex } from './KeyedMutex.js';
import type { AcquisitionMeta } from './meta.js';
import type { MetaFiles } from './metaFile.js';

/** How often a final state kept in memory is written again, ms, unless told otherwise. */
export const DEFAULT_FINAL_RETRY_INTERVAL_MS = 5_000;

export interface PendingFinalsOptions {
  files: MetaFiles;
  /** The acquisition's folder. */
  dirOf(id: string): string;
  /** The store's per-acquisition locks: a retry never interleaves with a delete or a read-modify-write. */
  locks: KeyedMutex;
  log: Logger;
  retryIntervalMs?: number;
}

export class PendingFinals {
  readonly #options: PendingFinalsOptions;
  readonly #pending = new Map<string, AcquisitionMeta>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #saving: Promise<number> | undefined;

  constructor(options: PendingFinalsOptions) {
    this.#options = options;
  }

  /** A copy of the final metadata kept for `id`, if its meta.json is not written yet. */
  get(id: string): AcquisitionMeta | undefined {
    const meta = this.#pending.get(id);
    return meta === undefined ? undefined : structuredClone(meta);
  }

  has(id: string): boolean {
    return this.#pending.has(id);
  }

  get size(): number {
    return this.#pending.size;
  }

  /** Keeps `meta` until it can be written, retrying on a timer. */
  add(meta: AcquisitionMeta): void {
    this.#pending.set(meta.acquisition_id, structuredClone(meta));
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(
      () => void this.saveAll(),
      this.#options.retryIntervalMs ?? DEFAULT_FINAL_RETRY_INTERVAL_MS,
    );
    this.#timer.unref();
  }

  /** Drops `id` (its folder was deleted). Call under the store's lock for `id`. */
  forget(id: string): void {
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#stop();
  }

  /**
   * Tries to write every kept state; resolves with how many are still only in memory. Never throws. Calls
   * made while a pass is running share it.
   */
  saveAll(): Promise<number> {
    this.#saving ??= this.#saveAll().finally(() => (this.#saving = undefined));
    return this.#saving;
  }

  /** Stops retrying (the store is closing); what is kept stays readable. */
  close(): void {
    this.#stop();
  }

  async #saveAll(): Promise<number> {
    const { files, dirOf, locks, log } = this.#options;
    for (const id of [...this.#pending.keys()]) {
      await locks.run(id, async () => {
        const meta = this.#pending.get(id);
        if (meta === undefined) return; // deleted meanwhile
        try {
          await files.writeFinal(dirOf(id), meta);
          this.forget(id);
          log.info(`acquisition ${id}: its end (${meta.state}) is now recorded in meta.json`);
        } catch {
          // Still no room; the next pass tries again (the first failure was logged by the capture).
        }
      });
    }
    return this.#pending.size;
  }

  #stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
