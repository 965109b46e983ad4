/**
 * From bench entries to drivers: each entry's driver is looked up in the registry, its options checked and
 * the driver built (wrapped in the fault decorator when the entry has `faults`). A bench is built whole or
 * not at all: the first entry refused stops it, and what was built before is closed again.
 */
import type { BenchFile, BenchInstrument } from '../../shared/protocol/index.js';
import {
  DriverOptionError,
  type DriverRegistry,
  DRIVERS,
  faultOptionsOf,
  FaultyDriver,
  type InstrumentDriver,
} from '../instruments/index.js';
import { jsonPath } from '../util/index.js';
import { BenchFileError } from './BenchFileError.js';

/** One instrument of a bench, built. */
export interface BenchInstance {
  entry: BenchInstrument;
  driver: InstrumentDriver;
}

/** An entry refused: where inside the entry (a JSON path from it), and why. */
export class InstrumentEntryError extends Error {
  override name = 'InstrumentEntryError';
  constructor(
    readonly path: readonly PropertyKey[],
    readonly reason: string,
  ) {
    super(`${jsonPath(path)}: ${reason}`);
  }
}

/** Builds the driver of one (schema-checked) entry; throws InstrumentEntryError. */
export async function createInstrument(
  entry: BenchInstrument,
  seed: number,
  drivers: DriverRegistry = DRIVERS,
): Promise<InstrumentDriver> {
  const registration = Object.hasOwn(drivers, entry.driver) ? drivers[entry.driver] : undefined;
  if (registration === undefined) {
    const known = Object.keys(drivers).join(', ');
    throw new InstrumentEntryError(['driver'], `unknown driver "${entry.driver}" (known: ${known})`);
  }
  let driver: InstrumentDriver;
  try {
    driver = await registration.create(entry.id, entry.options, { seed });
  } catch (err) {
    if (err instanceof DriverOptionError)
      throw new InstrumentEntryError(['options', ...err.path], err.reason);
    throw err;
  }
  return entry.faults === undefined ? driver : new FaultyDriver(driver, faultOptionsOf(entry.faults));
}

/**
 * Builds every instrument of `bench` (already schema-checked), seeding simulators without a seed of
 * their own from `seed`; throws BenchFileError naming `source` and the entry's path.
 */
export async function buildBench(
  bench: BenchFile,
  source: string,
  seed: number,
  drivers: DriverRegistry = DRIVERS,
): Promise<BenchInstance[]> {
  const built: BenchInstance[] = [];
  try {
    for (const [i, entry] of bench.instruments.entries()) {
      try {
        // A different seed per instrument, so two simulators' noise is not the same sequence.
        built.push({ entry, driver: await createInstrument(entry, seed + i, drivers) });
      } catch (err) {
        if (!(err instanceof InstrumentEntryError)) throw err;
        throw new BenchFileError(source, jsonPath(['instruments', i, ...err.path]), err.reason);
      }
    }
  } catch (err) {
    await Promise.allSettled(built.map(({ driver }) => driver.close()));
    throw err;
  }
  return built;
}
