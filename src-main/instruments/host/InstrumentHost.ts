/**
 * Where one instrument lives in the backend. The host owns its driver: every driver call goes through one
 * serial CommandQueue with a cancelling timeout, and its HostLink opens the link (connect, identify, then
 * the catalog for the model found), keeps its state — connecting, online, offline, error — with the reason,
 * and reconnects a lost link with capped exponential backoff. While the instrument is not online, calls
 * are refused at once with DriverError('disconnected'), so nothing piles up behind a dead link; one that
 * cannot be reached at start-up is simply offline from the start, and the rest of the backend does not
 * wait for it.
 */
import type {
  InstrumentDescription,
  InstrumentInfo,
  InstrumentLinkStats,
  InstrumentState,
  StreamType,
} from '../../../shared/protocol/index.js';
import type { CaptureContext, CaptureSource } from '../../acquisition/index.js';
import { Emitter, systemClock } from '../../util/index.js';
import { SupplyWatch } from './supplyWatch.js';
import {
  type DeepMemoryCapture,
  DriverError,
  hasDeepMemory,
  type Identity,
  type InstrumentDriver,
  type InstrumentEvent,
  type ParameterSnapshot,
  type ParameterValue,
  type ReadOptions,
  type SafeStateRequest,
  type StreamSample,
} from '../InstrumentDriver.js';
import { DEFAULT_RECONNECT_BACKOFF } from './backoff.js';
import { CommandQueue } from './CommandQueue.js';
import { HostLink } from './HostLink.js';
import { type ActiveMathChannel, ScopeMath } from '../math/ScopeMath.js';
import { measureRecord } from '../scope/SimOscilloscope.js';
import {
  DEFAULT_HOST_TIMING,
  type CallOptions,
  type HostStateChange,
  type HostTiming,
  type InstrumentHostOptions,
  type RecordMeasurer,
} from './hostTypes.js';

/**
 * What an in-memory driver's calls get for their signal (InstrumentDriver.inMemory): one that never fires,
 * shared, since such a driver never listens to it.
 */
const NEVER_ABORTED = new AbortController().signal;

export class InstrumentHost {
  readonly id: string;
  readonly label: string;
  readonly driverName: string | undefined;
  readonly #driver: InstrumentDriver;
  readonly #timing: HostTiming;
  readonly #queue: CommandQueue;
  readonly #link: HostLink;
  readonly #events = new Emitter<InstrumentEvent>();
  readonly #stateChanges = new Emitter<HostStateChange>();
  readonly #unsubscribeDriver: () => void;
  readonly #supplyWatch: SupplyWatch;
  /** An oscilloscope's math channels, applied to every record it delivers (see math/ScopeMath.ts). */
  readonly #math: ScopeMath | undefined;
  /** Measures a scope's records (inputs and math) off the event loop, when the backend has a pool. */
  readonly #measurer: RecordMeasurer | undefined;
  #description: InstrumentDescription | undefined;
  #identity: Identity | undefined;

  constructor(driver: InstrumentDriver, options: InstrumentHostOptions) {
    this.id = driver.id;
    this.label = options.label ?? driver.id;
    this.driverName = options.driverName;
    this.#driver = driver;
    this.#supplyWatch = new SupplyWatch(driver.id);
    this.#math = driver.kind === 'oscilloscope' ? new ScopeMath() : undefined;
    this.#measurer = driver.kind === 'oscilloscope' ? options.measurer : undefined;
    this.#timing = { ...DEFAULT_HOST_TIMING, ...options.timing };
    this.#queue = new CommandQueue({
      abortGraceMs: this.#timing.abortGraceMs,
      onWedged: (what) =>
        this.#link.lost(`${what} did not end ${this.#timing.abortGraceMs} ms after its timeout`),
    });
    this.#link = new HostLink({
      driver,
      queue: this.#queue,
      log: options.log,
      clock: options.clock ?? systemClock,
      timing: this.#timing,
      backoff: { ...DEFAULT_RECONNECT_BACKOFF, ...options.backoff },
      onOpened: (identity, description) => {
        this.#identity = identity;
        this.#description = description;
      },
    });
    this.#link.changes.on((change) =>
      this.#stateChanges.emit({ ...change, equipmentId: this.id, info: this.capabilities() }),
    );
    this.#unsubscribeDriver = driver.onEvent((event) => this.#events.emit(event));
  }

  get state(): InstrumentState {
    return this.#link.state;
  }

  get online(): boolean {
    return this.#link.state === 'online';
  }

  /** Why the instrument is not online; undefined when it is. */
  get stateReason(): string | undefined {
    return this.#link.reason;
  }

  /** True once the instrument has answered at least once, so its catalog (streams, parameters) is known. */
  get described(): boolean {
    return this.#description !== undefined;
  }

  /** Who answered the last successful identify, if anyone has. */
  get identity(): Identity | undefined {
    return this.#identity;
  }

  /** The link's figures for `stats`; undefined for an instrument with no link (a simulator). */
  linkStats(): InstrumentLinkStats | undefined {
    return this.#driver.linkStats?.();
  }

  /** The command queue, for statistics (late replies discarded, calls waiting). */
  get queue(): Pick<CommandQueue, 'waiting' | 'busy' | 'lateDiscarded'> {
    return this.#queue;
  }

  /** The catalog entry with the link's state; before the first answer, channels and streams are empty. */
  capabilities(): InstrumentInfo {
    const description = this.#description ?? {
      id: this.id,
      kind: this.#driver.kind,
      vendor: '',
      model: '',
      serial: '',
      channels: [],
      streams: [],
      parameters: [],
    };
    const reason = this.#link.reason;
    const math = this.#description !== undefined ? this.#math : undefined;
    return {
      ...description,
      ...(math !== undefined && {
        parameters: [...description.parameters, ...math.parameters(description.channels)],
      }),
      label: this.label,
      ...(this.driverName !== undefined && { driver: this.driverName }),
      state: this.#link.state,
      ...(reason !== undefined && { state_reason: reason }),
    };
  }

  onEvent(listener: (event: InstrumentEvent) => void): () => void {
    return this.#events.on(listener);
  }

  onStateChange(listener: (change: HostStateChange) => void): () => void {
    return this.#stateChanges.on(listener);
  }

  /**
   * Opens the link. Resolves once the first attempt is over, whatever its outcome: an unreachable
   * instrument is then offline and retried in the background. Idempotent.
   */
  open(): Promise<void> {
    return this.#link.open();
  }

  identify(options?: CallOptions<Identity>): Promise<Identity> {
    return this.#call('identify', (signal) => this.#driver.identify(signal), options);
  }

  getParameters(options?: CallOptions<ParameterSnapshot>): Promise<ParameterSnapshot> {
    return this.#call(
      'get_parameters',
      async (signal) => {
        const snapshot = await this.#driver.getParameters(signal);
        const math = this.#math?.snapshot();
        return math === undefined ? snapshot : { ...snapshot, global: { ...snapshot.global, ...math } };
      },
      options,
    );
  }

  /** The math channels that are on (an oscilloscope's M1, M2 …); empty for other instruments. */
  mathChannels(): ActiveMathChannel[] {
    return this.#math?.active() ?? [];
  }

  setParameter(
    parameter: string,
    value: ParameterValue,
    channel?: number,
    options?: CallOptions<ParameterValue>,
  ): Promise<ParameterValue> {
    const what = `set_parameter ${parameter}`;
    const math = this.#math;
    if (math !== undefined && ScopeMath.isMathParameter(parameter)) {
      // Math settings live here, not in the instrument: nothing goes over the link.
      const refusal = this.#link.refusal();
      if (refusal !== undefined) return Promise.reject(refusal);
      try {
        return Promise.resolve(math.set(parameter, value, this.#description?.channels ?? [], channel));
      } catch (err) {
        return Promise.reject(err as Error);
      }
    }
    return this.#call(
      what,
      (signal) => this.#driver.setParameter(parameter, value, channel, signal),
      options,
    );
  }

  read(
    streamType: StreamType,
    readOptions?: ReadOptions,
    options?: CallOptions<StreamSample>,
  ): Promise<StreamSample> {
    const what = `${streamType} read`;
    if (streamType === 'measurements' && this.#measurer !== undefined) {
      return this.#readMeasured(this.#measurer, readOptions, options);
    }
    return this.#call(
      what,
      async (signal) => {
        const math = this.#math;
        if (math !== undefined && streamType === 'measurements' && math.active().length > 0) {
          // Math channels are measured like inputs, by the same code, so the measurements come from the
          // record (the drivers' own measurements are that code applied to the same record).
          const sample = await this.#driver.read('waveform', readOptions, signal);
          if (sample.kind !== 'record') return sample;
          const values = measureRecord(math.extend(sample.record));
          return { kind: 'measurements', timestampMs: sample.timestampMs, values };
        }
        const sample = await this.#driver.read(streamType, readOptions, signal);
        if (sample.kind === 'readings') {
          for (const event of this.#supplyWatch.readings(sample.readings, sample.timestampMs))
            this.#events.emit(event);
        }
        if (sample.kind === 'record' && math !== undefined) {
          return { ...sample, record: math.extend(sample.record) };
        }
        return sample;
      },
      options,
    );
  }

  /**
   * A scope's measurements through the measurer: only the record is read in the instrument's queue, so the
   * next read need not wait while it is measured; math channels are measured like inputs, by the same code.
   */
  async #readMeasured(
    measurer: RecordMeasurer,
    readOptions: ReadOptions | undefined,
    options: CallOptions<StreamSample> | undefined,
  ): Promise<StreamSample> {
    const math = this.#math;
    const sample = await this.#call(
      'measurements read',
      async (signal) => {
        const read = await this.#driver.read('waveform', readOptions, signal);
        return read.kind === 'record' && math !== undefined
          ? { ...read, record: math.extend(read.record) }
          : read;
      },
      options,
    );
    if (sample.kind !== 'record') return sample;
    const measured = await measurer.measure(this.id, sample.record, sample.timestampMs);
    if (measured === undefined) return { kind: 'none', timestampMs: sample.timestampMs, reason: 'dropped' };
    return { kind: 'measurements', timestampMs: measured.timestampMs, values: measured.values };
  }

  /**
   * A driver-specific call (a capture source's own, say) through the same queue, timeout and link
   * judgement as every other call. `call` must talk only to this host's driver and honour its signal.
   */
  run<T>(what: string, call: (signal: AbortSignal) => Promise<T>, options?: CallOptions<T>): Promise<T> {
    return this.#call(what, call, options);
  }

  /** The driver's own capture source over this host, if it has one (see InstrumentDriver.captureSource). */
  driverCaptureSource(context: CaptureContext): CaptureSource | undefined {
    return this.#driver.captureSource?.(this, context);
  }

  /**
   * The driver's deep-memory steps (acquisition mode single_deep), if it has them. The caller makes each
   * step through `run`, never on the driver directly, so the download waits its turn in the one queue.
   */
  deepMemory(): DeepMemoryCapture | undefined {
    return hasDeepMemory(this.#driver) ? this.#driver : undefined;
  }

  get hasSafeState(): boolean {
    return this.#driver.enterSafeState !== undefined;
  }

  enterSafeState(request: SafeStateRequest, options?: CallOptions<string>): Promise<string> {
    const enter = this.#driver.enterSafeState?.bind(this.#driver);
    if (enter === undefined) {
      return Promise.reject(new DriverError(`${this.id} has no safe state`, 'invalid_value'));
    }
    return this.#call('safe state', (signal) => enter(request, signal), options);
  }

  /** Stops retrying, refuses every call still waiting, and closes the driver. Idempotent. */
  close(): Promise<void> {
    this.#unsubscribeDriver();
    return this.#link.close();
  }

  #call<T>(what: string, run: (signal: AbortSignal) => Promise<T>, options: CallOptions<T> = {}): Promise<T> {
    const refusal = this.#link.refusal();
    if (refusal !== undefined) return Promise.reject(refusal);
    return this.#queue
      .run(`${this.id} ${what}`, run, {
        timeoutMs: options.timeoutMs ?? this.#timing.callTimeoutMs,
        onLate: options.onLate,
        admit: () => this.#link.refusal(),
        signal: this.#driver.inMemory === true ? NEVER_ABORTED : undefined,
      })
      .then(
        (value) => {
          this.#link.answered();
          return value;
        },
        (err: unknown) => {
          // Judged before the caller sees the error, so a caller that asks `online` sees the new state.
          this.#link.failed(err);
          throw err;
        },
      );
  }
}
