/**
 * The working setup: the last settings of each instrument, kept in `<dataDir>/working-setup.json` (a setup
 * file) so the backend can restore them at its next start. A setting change marks the instrument; a short
 * while later (changes come in bursts: a recall, a knob dragged) its settings are read back and the file
 * rewritten atomically. Instruments not changed this run keep the entry they had.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SETUP_SCHEMA_VERSION } from '../../shared/protocol/index.js';
import { type Clock, type Logger, type TimerHandle, type Timers, writeFileAtomic } from '../util/index.js';
import { parseSetupText, setupText, type SetupFile, type SetupInstrument } from './setupFile.js';

export const WORKING_SETUP_FILE = 'working-setup.json';
/** How long after a change its instrument's settings are read back and saved, ms. */
export const WORKING_SAVE_DELAY_MS = 500;

export interface WorkingSetupOptions {
  dataDir: string;
  log: Logger;
  clock: Clock;
  timers: Timers;
  /** Reads one instrument's settings now; undefined when it cannot (offline, removed). */
  capture(equipmentId: string): Promise<SetupInstrument | undefined>;
  delayMs?: number;
}

export class WorkingSetup {
  readonly #options: WorkingSetupOptions;
  readonly #filePath: string;
  readonly #entries = new Map<string, SetupInstrument>();
  readonly #pending = new Set<string>();
  #timer: TimerHandle | undefined;
  #writes: Promise<void> = Promise.resolve();
  #flushing: Promise<void> = Promise.resolve();

  private constructor(options: WorkingSetupOptions) {
    this.#options = options;
    this.#filePath = path.join(options.dataDir, WORKING_SETUP_FILE);
  }

  /** Loads the file the previous run left (none, or one that cannot be read: nothing to restore). */
  static async open(options: WorkingSetupOptions): Promise<WorkingSetup> {
    const working = new WorkingSetup(options);
    let text: string | undefined;
    try {
      text = await readFile(working.#filePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (text !== undefined) {
      try {
        for (const entry of parseSetupText(text, WORKING_SETUP_FILE).instruments) {
          working.#entries.set(entry.equipment_id, entry);
        }
      } catch (err) {
        options.log.warn(`setups: nothing restored: ${(err as Error).message}`);
      }
    }
    return working;
  }

  /** The last known settings of each instrument, as loaded or since captured. */
  entries(): SetupInstrument[] {
    return [...this.#entries.values()];
  }

  /** An instrument's settings changed: read them back and save, after the delay. */
  noteChange(equipmentId: string): void {
    this.#pending.add(equipmentId);
    if (this.#timer !== undefined) return;
    this.#timer = this.#options.timers.setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, this.#options.delayMs ?? WORKING_SAVE_DELAY_MS);
  }

  /** An instrument left the bench: nothing of it to restore. */
  forget(equipmentId: string): void {
    this.#pending.delete(equipmentId);
    if (this.#entries.delete(equipmentId)) this.#write();
  }

  /**
   * Captures every marked instrument now and saves; resolves once the file is written — after any flush
   * already under way (the timer's), so a close never returns before the last change is on disk.
   */
  flush(): Promise<void> {
    const run = this.#flushing.then(() => this.#flushNow());
    this.#flushing = run;
    return run;
  }

  async #flushNow(): Promise<void> {
    if (this.#timer !== undefined) {
      this.#options.timers.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const ids = [...this.#pending];
    this.#pending.clear();
    let changed = false;
    for (const id of ids) {
      const entry = await this.#options.capture(id);
      if (entry === undefined) continue;
      this.#entries.set(id, entry);
      changed = true;
    }
    if (changed) this.#write();
    await this.#writes;
  }

  #write(): void {
    const file: SetupFile = {
      schema_version: SETUP_SCHEMA_VERSION,
      name: 'working setup',
      scope: 'bench',
      saved_at: Math.round(this.#options.clock.nowMs()),
      instruments: [...this.#entries.values()],
      sections: {},
    };
    this.#writes = this.#writes
      .then(() => writeFileAtomic(this.#filePath, setupText(file)))
      .catch((err: unknown) =>
        this.#options.log.warn(`setups: working setup not saved: ${(err as Error).message}`),
      );
  }
}
