/**
 * Instruments added and removed while the backend runs. Each change is checked first, then saved to the
 * data folder's bench file, and only then applied — so what clients see and what the next start-up loads
 * never disagree, and a change that cannot be saved changes nothing. Changes run one at a time.
 *
 * - add: the entry is checked like a bench file's (driver known, options accepted), the driver built and
 *   saved, then its host registered (every client hears `instrument_added`) and opened (then
 *   `instrument_state` as it connects).
 * - remove: refused while the instrument is capturing; otherwise saved without it, its streams ended with
 *   `stream_stopped` (the reason says it was removed), unregistered (`instrument_removed`) and closed.
 */
import {
  MAX_BENCH_INSTRUMENTS,
  type BenchInstrument,
  type InstrumentInfo,
} from '../../shared/protocol/index.js';
import type { AcquisitionService } from '../acquisition/index.js';
import { InstrumentHost, type InstrumentHostOptions, type InstrumentRegistry } from '../instruments/index.js';
import type { StreamManager } from '../streams/index.js';
import { CodedError, jsonPath, type Logger } from '../util/index.js';
import { createInstrument, InstrumentEntryError } from './buildBench.js';
import { saveBench } from './saveBench.js';

/** Why a change was refused, in the protocol's terms. */
export type BenchChangeErrorCode =
  'invalid_message' | 'unknown_equipment' | 'limit_exceeded' | 'busy' | 'storage_error';

export class BenchChangeError extends CodedError<BenchChangeErrorCode> {
  override name = 'BenchChangeError';
}

export interface BenchManagerOptions {
  dataDir: string;
  registry: InstrumentRegistry;
  streams: StreamManager;
  acquisitions?: AcquisitionService;
  log: Logger;
  /** Options of every new host (timing, backoff); label and driver come from the entry. */
  hostOptions: Omit<InstrumentHostOptions, 'label' | 'driverName'>;
  /** Seeds simulators added without a seed of their own. */
  seed: number;
}

export class BenchManager {
  readonly #options: BenchManagerOptions;
  #ops: Promise<unknown> = Promise.resolve();
  #seedOffset: number;

  constructor(options: BenchManagerOptions) {
    this.#options = options;
    this.#seedOffset = options.registry.size;
  }

  /** Adds an instrument (see the file comment); resolves with its catalog entry. Throws BenchChangeError. */
  add(entry: BenchInstrument): Promise<InstrumentInfo> {
    return this.#serial(() => this.#add(entry));
  }

  /** Removes an instrument (see the file comment). Throws BenchChangeError. */
  remove(equipmentId: string): Promise<void> {
    return this.#serial(() => this.#remove(equipmentId));
  }

  async #add(entry: BenchInstrument): Promise<InstrumentInfo> {
    const { registry } = this.#options;
    if (registry.get(entry.id) !== undefined) {
      throw new BenchChangeError('invalid_message', `instrument.id: "${entry.id}" is already on the bench`, {
        field: 'instrument.id',
        known: registry.ids(),
      });
    }
    if (registry.size >= MAX_BENCH_INSTRUMENTS) {
      throw new BenchChangeError(
        'limit_exceeded',
        `a bench holds at most ${MAX_BENCH_INSTRUMENTS} instruments`,
        {
          limit: MAX_BENCH_INSTRUMENTS,
        },
      );
    }
    let driver;
    try {
      driver = await createInstrument(entry, this.#options.seed + this.#seedOffset++);
    } catch (err) {
      if (!(err instanceof InstrumentEntryError)) throw err;
      const field = jsonPath(['instrument', ...err.path]);
      throw new BenchChangeError('invalid_message', `${field}: ${err.reason}`, { field });
    }
    try {
      await this.#save([...registry.entries(), entry]);
    } catch (err) {
      await driver.close().catch(() => undefined);
      throw err;
    }
    const host = new InstrumentHost(driver, {
      ...this.#options.hostOptions,
      label: entry.label,
      driverName: entry.driver,
    });
    registry.add(host, entry);
    this.#options.log.info(`${entry.id} (${entry.driver}) added to the bench`);
    // Connecting runs on its own: the reply does not wait for an instrument that may be unreachable.
    void host.open();
    return host.capabilities();
  }

  async #remove(equipmentId: string): Promise<void> {
    const { registry, streams, acquisitions, log } = this.#options;
    const host = registry.get(equipmentId);
    if (host === undefined) {
      throw new BenchChangeError('unknown_equipment', `no instrument "${equipmentId}"`, {
        equipment_id: equipmentId,
        known: registry.ids(),
      });
    }
    const capturing = acquisitions?.activeCaptureOf(equipmentId);
    if (capturing !== undefined) {
      throw new BenchChangeError(
        'busy',
        `${equipmentId} is capturing (acquisition ${capturing}); stop that acquisition first`,
        { equipment_id: equipmentId, acquisition_id: capturing },
      );
    }
    await this.#save(registry.entries().filter((e) => e.id !== equipmentId));
    const ended = streams.endEquipment(equipmentId, `${equipmentId} was removed from the bench`);
    registry.remove(equipmentId);
    acquisitions?.forget(equipmentId);
    await host.close();
    log.info(`${equipmentId} removed from the bench (${ended} stream(s) ended)`);
  }

  async #save(instruments: BenchInstrument[]): Promise<void> {
    try {
      await saveBench(this.#options.dataDir, { version: 1, instruments });
    } catch (err) {
      this.#options.log.error('could not save the bench file', err);
      throw new BenchChangeError(
        'storage_error',
        `the bench file could not be saved (${(err as Error).message}); nothing was changed`,
      );
    }
  }

  #serial<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#ops.then(operation);
    this.#ops = result.catch(() => undefined);
    return result;
  }
}
