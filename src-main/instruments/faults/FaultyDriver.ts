/**
 * Fault injection as a decorator around any driver, so the host, the streams and the captures can be
 * tested — and demonstrated — against the ways a real instrument link fails, whatever the instrument:
 *
 * - latency: every reply comes `latencyMs` late (the command itself reached the instrument: a setting
 *   made by a call that timed out is still applied);
 * - stalls: now and then a reply comes `stallMs` late;
 * - lost replies: the instrument carries the command out but the reply never comes (the call ends only
 *   when its signal aborts it);
 * - garbled replies: the reply cannot be understood (DriverError 'protocol');
 * - dropped readings: a read resolves with no sample (`{kind: 'none', reason: 'dropped'}`) — a real
 *   instrument that misses one reading has not failed, and the stream carries on with a gap;
 * - injected throws: a plain Error, as a driver bug would (which ends a stream, or a capture);
 * - disconnects: every call rejects DriverError('disconnected') until `reconnect()` (or, with
 *   `reconnectAfterMs`, until that time has passed).
 *
 * Faults are applied in that order per call; random ones use a seeded generator, so a seeded run fails the
 * same calls. The link state belongs to the decorator, not to the driver: closing and reconnecting the
 * driver (the host does, after a dropped link) does not heal a simulated outage.
 */
import type { InstrumentDescription, StreamType } from '../../../shared/protocol/index.js';
import { systemClock, type Clock } from '../../util/index.js';
import {
  DriverError,
  type Identity,
  type InstrumentDriver,
  type InstrumentEvent,
  type ParameterSnapshot,
  type ParameterValue,
  type ReadOptions,
  type SafeStateRequest,
  type StreamSample,
} from '../InstrumentDriver.js';
import { createRandom, type Random } from '../sim/random.js';
import { DEFAULT_STALL_MS, type FaultOptions } from './faultOptions.js';

export class FaultyDriver implements InstrumentDriver {
  readonly id: string;
  readonly kind: InstrumentDriver['kind'];
  readonly captureSource?: InstrumentDriver['captureSource'];
  readonly enterSafeState?: InstrumentDriver['enterSafeState'];
  readonly #inner: InstrumentDriver;
  readonly #clock: Clock;
  readonly #random: Random;
  #options: FaultOptions;
  #reads = 0;
  #disconnected = false;
  #failNext = false;
  #healTimer: ReturnType<typeof setTimeout> | undefined;
  /** Reads that throw next: of a stream type (undefined: any) and by a reader (undefined: any). */
  readonly #throwNext: { streamType: StreamType | undefined; readerId: string | undefined }[] = [];

  constructor(inner: InstrumentDriver, options: FaultOptions = {}, clock: Clock = systemClock) {
    this.id = inner.id;
    this.kind = inner.kind;
    this.#inner = inner;
    this.#clock = clock;
    this.#options = { ...options };
    this.#random = createRandom(options.seed ?? 1);
    if (options.disconnectAfterReads === 0) this.disconnect();
    const captureSource = inner.captureSource?.bind(inner);
    if (captureSource !== undefined) {
      // The inner driver's source reads through the host (and so through this decorator); its own calls
      // (`run`) get the same faults as every other call.
      this.captureSource = (host, context) =>
        captureSource(
          {
            id: host.id,
            capabilities: () => host.capabilities(),
            getParameters: (options) => host.getParameters(options),
            read: (streamType, readOptions, options) => host.read(streamType, readOptions, options),
            run: (what, call, options) =>
              host.run(
                what,
                (signal) => this.#call(`${this.id} ${what}`, signal, () => call(signal)),
                options,
              ),
          },
          context,
        );
    }
    const enter = inner.enterSafeState?.bind(inner);
    if (enter !== undefined) {
      this.enterSafeState = (request: SafeStateRequest, signal?: AbortSignal) =>
        this.#call(`${this.id} safe state`, signal, () => enter(request, signal));
    }
  }

  /** Reads attempted so far (including dropped and failed ones). */
  get reads(): number {
    return this.#reads;
  }

  get disconnected(): boolean {
    return this.#disconnected;
  }

  /** Changes the fault settings while running (fields given replace the current ones). */
  configure(options: Partial<FaultOptions>): void {
    this.#options = { ...this.#options, ...options };
  }

  /**
   * Makes the next read of `streamType` (or of any stream, when omitted) throw; with `readerId`, only that
   * reader's (a producer's key: a scope's measurements are read as its `waveform` record, so a fault meant
   * for the waveform stream names its reader).
   */
  throwOnNextRead(streamType?: StreamType, readerId?: string): void {
    this.#throwNext.push({ streamType, readerId });
  }

  /** Makes the next call of any kind throw a plain Error (a driver bug, not a link failure). */
  failNextCall(): void {
    this.#failNext = true;
  }

  /** Drops the link now: every later call rejects DriverError('disconnected') until it is back. */
  disconnect(): void {
    this.#disconnected = true;
    const healMs = this.#options.reconnectAfterMs;
    if (healMs === undefined) return;
    clearTimeout(this.#healTimer);
    this.#healTimer = setTimeout(() => this.reconnect(), healMs);
    this.#healTimer.unref?.();
  }

  /** Restores the link after a disconnect (and stops counting reads towards `disconnectAfterReads`). */
  reconnect(): void {
    clearTimeout(this.#healTimer);
    this.#healTimer = undefined;
    this.#disconnected = false;
    this.#options = { ...this.#options, disconnectAfterReads: undefined };
  }

  connect(signal?: AbortSignal): Promise<void> {
    return this.#call(`${this.id} connect`, signal, () => this.#inner.connect(signal));
  }

  identify(signal?: AbortSignal): Promise<Identity> {
    return this.#call(`${this.id} identify`, signal, () => this.#inner.identify(signal));
  }

  capabilities(): InstrumentDescription {
    return this.#inner.capabilities();
  }

  getParameters(signal?: AbortSignal): Promise<ParameterSnapshot> {
    return this.#call(`${this.id} get_parameters`, signal, () => this.#inner.getParameters(signal));
  }

  setParameter(
    parameter: string,
    value: ParameterValue,
    channel?: number,
    signal?: AbortSignal,
  ): Promise<ParameterValue> {
    return this.#call(`${this.id} set_parameter`, signal, () =>
      this.#inner.setParameter(parameter, value, channel, signal),
    );
  }

  read(streamType: StreamType, options?: ReadOptions, signal?: AbortSignal): Promise<StreamSample> {
    const readNumber = ++this.#reads;
    const limit = this.#options.disconnectAfterReads;
    if (limit !== undefined && readNumber > limit && !this.#disconnected) this.disconnect();
    const what = `${this.id} ${streamType} read`;
    return this.#call(what, signal, () => {
      const queued = this.#throwNext.findIndex(
        (t) =>
          (t.streamType === undefined || t.streamType === streamType) &&
          (t.readerId === undefined || t.readerId === options?.readerId),
      );
      if (queued >= 0 || this.#options.throwOnReads?.includes(readNumber)) {
        if (queued >= 0) this.#throwNext.splice(queued, 1);
        throw new Error(`${what}: injected fault on read ${readNumber}`);
      }
      if (this.#chance(this.#options.dropReadProbability)) {
        return Promise.resolve<StreamSample>({
          kind: 'none',
          timestampMs: this.#clock.nowMs(),
          reason: 'dropped',
        });
      }
      return this.#inner.read(streamType, options, signal);
    });
  }

  onEvent(listener: (event: InstrumentEvent) => void): () => void {
    return this.#inner.onEvent(listener);
  }

  /** Closes the driver; the simulated link stays as it is (see the file comment). */
  close(): Promise<void> {
    return this.#inner.close();
  }

  async #call<T>(what: string, signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> {
    const latencyMs = this.#options.latencyMs ?? 0;
    if (latencyMs > 0) await delay(latencyMs);
    if (this.#disconnected) throw new DriverError(`${what}: instrument disconnected`, 'disconnected');
    if (this.#failNext) {
      this.#failNext = false;
      throw new Error(`${what}: injected fault`);
    }
    if (this.#chance(this.#options.garbledReplyProbability)) {
      throw new DriverError(`${what}: garbled reply`, 'protocol');
    }
    const value = await run();
    if (this.#chance(this.#options.lostReplyProbability)) return neverAnswered(what, signal);
    if (this.#chance(this.#options.stallProbability)) await delay(this.#options.stallMs ?? DEFAULT_STALL_MS);
    return value;
  }

  #chance(probability: number | undefined): boolean {
    return probability !== undefined && probability > 0 && this.#random.uniform() < probability;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A reply that never comes: settles only when the caller aborts (a driver must honour its signal). */
function neverAnswered<T>(what: string, signal: AbortSignal | undefined): Promise<T> {
  return new Promise<T>((_, reject) => {
    const abort = (): void =>
      reject(
        signal?.reason instanceof Error ? signal.reason : new DriverError(`${what}: aborted`, 'timeout'),
      );
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
  });
}
