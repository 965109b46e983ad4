/**
 * The instruments the backend serves, by `equipment_id`, with every driver call bounded by a timeout so
 * a hung instrument can never hang the server.
 */
import type { InstrumentInfo } from '../../shared/protocol/index.js';
import { DriverError, type InstrumentDriver } from './InstrumentDriver.js';

/** Longest a driver call may take before it is treated as a fault, ms. */
export const DEFAULT_DRIVER_TIMEOUT_MS = 2_000;

export class InstrumentRegistry {
  readonly #drivers = new Map<string, InstrumentDriver>();

  constructor(drivers: readonly InstrumentDriver[] = []) {
    for (const driver of drivers) this.add(driver);
  }

  add(driver: InstrumentDriver): void {
    if (this.#drivers.has(driver.id)) throw new Error(`duplicate instrument id ${driver.id}`);
    this.#drivers.set(driver.id, driver);
  }

  get(id: string): InstrumentDriver | undefined {
    return this.#drivers.get(id);
  }

  all(): InstrumentDriver[] {
    return [...this.#drivers.values()];
  }

  catalog(): InstrumentInfo[] {
    return this.all().map((d) => d.capabilities());
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.all().map((d) => d.close()));
  }
}

/** Resolves with `promise`, or rejects with a DriverError('timeout') after `timeoutMs`. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DriverError(`${what} timed out after ${timeoutMs} ms`, 'timeout')),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
