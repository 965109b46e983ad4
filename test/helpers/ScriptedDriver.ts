/**
 * A driver whose every call is answered by a handler the test sets, recording what was called, with which
 * signal, and how many calls were in flight at once: the instrument end of the host's tests.
 */
import type { InstrumentDescription, StreamType } from '../../shared/protocol/index.js';
import type {
  Identity,
  InstrumentDriver,
  InstrumentEvent,
  ParameterSnapshot,
  ParameterValue,
  ReadOptions,
  StreamSample,
} from '../../src-main/instruments/InstrumentDriver.js';
import { Emitter } from '../../src-main/util/Emitter.js';

export interface DriverCall {
  method: 'connect' | 'identify' | 'getParameters' | 'setParameter' | 'read' | 'close';
  args: unknown[];
  signal: AbortSignal | undefined;
}

export type CallHandler = (call: DriverCall) => unknown;

/** A promise with its settle functions, for answering a call when the test decides. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export const SCRIPTED_DESCRIPTION: InstrumentDescription = {
  id: 'dev_1',
  kind: 'power_supply',
  vendor: 'Test',
  model: 'Scripted',
  serial: 'S1',
  channels: [{ name: 'CH1', unit: 'V', min: 0, max: 10 }],
  streams: [{ stream_type: 'readings', min_interval_ms: 10, max_interval_ms: 60_000, encodings: ['json'] }],
  parameters: [{ name: 'voltage_set', type: 'number', unit: 'V', min: 0, max: 10, channel: 1 }],
};

/** Answers every call at once with something plausible. */
export const answerAtOnce: CallHandler = (call) => {
  switch (call.method) {
    case 'identify':
      return { vendor: 'Test', model: 'Scripted', serial: 'S1', firmware: '1' } satisfies Identity;
    case 'getParameters':
      return { global: {}, channels: { 1: { voltage_set: 1 } } } satisfies ParameterSnapshot;
    case 'setParameter':
      return call.args[1];
    case 'read':
      return { kind: 'readings', timestampMs: 0, readings: [] } satisfies StreamSample;
    default:
      return undefined;
  }
};

export class ScriptedDriver implements InstrumentDriver {
  readonly id: string;
  readonly kind = 'power_supply' as const;
  /** Whether it says it reaches no link (InstrumentDriver.inMemory); a test may set it before opening. */
  inMemory = false;
  readonly calls: DriverCall[] = [];
  readonly events = new Emitter<InstrumentEvent>();
  handler: CallHandler = answerAtOnce;
  inFlight = 0;
  maxInFlight = 0;

  constructor(id = 'dev_1') {
    this.id = id;
  }

  /** Calls of one method, in the order they were made. */
  callsOf(method: DriverCall['method']): DriverCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  connect(signal?: AbortSignal): Promise<void> {
    return this.#call('connect', [], signal) as Promise<void>;
  }

  identify(signal?: AbortSignal): Promise<Identity> {
    return this.#call('identify', [], signal) as Promise<Identity>;
  }

  capabilities(): InstrumentDescription {
    return { ...SCRIPTED_DESCRIPTION, id: this.id };
  }

  getParameters(signal?: AbortSignal): Promise<ParameterSnapshot> {
    return this.#call('getParameters', [], signal) as Promise<ParameterSnapshot>;
  }

  setParameter(
    parameter: string,
    value: ParameterValue,
    channel?: number,
    signal?: AbortSignal,
  ): Promise<ParameterValue> {
    return this.#call('setParameter', [parameter, value, channel], signal) as Promise<ParameterValue>;
  }

  read(streamType: StreamType, options?: ReadOptions, signal?: AbortSignal): Promise<StreamSample> {
    return this.#call('read', [streamType, options], signal) as Promise<StreamSample>;
  }

  onEvent(listener: (event: InstrumentEvent) => void): () => void {
    return this.events.on(listener);
  }

  close(): Promise<void> {
    return this.#call('close', [], undefined) as Promise<void>;
  }

  async #call(
    method: DriverCall['method'],
    args: unknown[],
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    const call: DriverCall = { method, args, signal };
    this.calls.push(call);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await this.handler(call);
    } finally {
      this.inFlight--;
    }
  }
}
