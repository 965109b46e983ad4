/**
 * Fault injection for the simulators, so the stream layer can be tested against the ways a real
 * instrument link fails: it is slow, a reading goes missing, the driver throws, the link drops.
 *
 * Every driver call goes through `beforeCall` (and reads through `beforeRead`), which applies the
 * configured latency, then the failure:
 * - a *dropped read* resolves with no sample (`{kind: 'none', reason: 'dropped'}`) rather than rejecting: a
 *   real instrument that misses one reading has not failed, and the stream should carry on with a gap;
 * - an *injected throw* rejects with a plain Error (as a driver bug would), which ends that stream;
 * - after a *disconnect* every call rejects with DriverError('disconnected') until `reconnect()`.
 */
import type { StreamType } from '../../../shared/protocol/index.js';
import { DriverError } from '../InstrumentDriver.js';
import { createRandom, type Random } from './random.js';

export interface SimFaultOptions {
  /** Added to every driver call before it answers, ms (a slow link). Default 0. */
  latencyMs?: number;
  /** Probability in [0, 1] that a read is dropped and resolves with no sample. Default 0. */
  dropReadProbability?: number;
  /** 1-based read numbers (counted over all stream types) that throw an Error. */
  throwOnReads?: readonly number[];
  /** The first this-many reads succeed; then the link drops and every later call rejects 'disconnected'. */
  disconnectAfterReads?: number;
  /** Seed for the drop decisions, so a seeded run drops the same reads. Default 1. */
  seed?: number;
}

/** What a read should do after `beforeRead`: proceed, or resolve with nothing. */
export type ReadVerdict = 'proceed' | 'dropped';

export class SimFaults {
  #options: SimFaultOptions;
  readonly #random: Random;
  #reads = 0;
  #disconnected = false;
  #failNext = false;
  /** Stream types whose next read throws (undefined entry: whichever reads next). */
  readonly #throwNext: (StreamType | undefined)[] = [];

  constructor(options: SimFaultOptions = {}) {
    this.#options = { ...options };
    this.#random = createRandom(options.seed ?? 1);
    if (options.disconnectAfterReads === 0) this.#disconnected = true;
  }

  /** Reads attempted so far (including dropped and failed ones). */
  get reads(): number {
    return this.#reads;
  }

  get disconnected(): boolean {
    return this.#disconnected;
  }

  /** Changes the fault settings while the simulator runs (fields given replace the current ones). */
  configure(options: Partial<SimFaultOptions>): void {
    this.#options = { ...this.#options, ...options };
  }

  /** Makes the next read of `streamType` (or of any stream, when omitted) throw. */
  throwOnNextRead(streamType?: StreamType): void {
    this.#throwNext.push(streamType);
  }

  /** Makes the next call of any kind throw a plain Error (a driver bug, not a link failure). */
  failNextCall(): void {
    this.#failNext = true;
  }

  /** Drops the link now: every later call rejects with DriverError('disconnected'). */
  disconnect(): void {
    this.#disconnected = true;
  }

  /** Restores the link after `disconnect()`. */
  reconnect(): void {
    this.#disconnected = false;
    this.#options = { ...this.#options, disconnectAfterReads: undefined };
  }

  /** Applies latency and the disconnect state to any driver call. */
  async beforeCall(what: string): Promise<void> {
    const latencyMs = this.#options.latencyMs ?? 0;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (this.#disconnected) throw new DriverError(`${what}: instrument disconnected`, 'disconnected');
    if (this.#failNext) {
      this.#failNext = false;
      throw new Error(`${what}: injected fault`);
    }
  }

  /** Applies every read fault; resolves with what the read should do, or rejects with the injected fault. */
  async beforeRead(streamType: StreamType, what: string): Promise<ReadVerdict> {
    this.#reads++;
    const readNumber = this.#reads;
    const limit = this.#options.disconnectAfterReads;
    if (limit !== undefined && readNumber > limit) this.#disconnected = true;
    await this.beforeCall(what);
    const queued = this.#throwNext.findIndex((t) => t === undefined || t === streamType);
    if (queued >= 0 || this.#options.throwOnReads?.includes(readNumber)) {
      if (queued >= 0) this.#throwNext.splice(queued, 1);
      throw new Error(`${what}: injected fault on read ${readNumber}`);
    }
    const dropP = this.#options.dropReadProbability ?? 0;
    if (dropP > 0 && this.#random.uniform() < dropP) return 'dropped';
    return 'proceed';
  }
}
