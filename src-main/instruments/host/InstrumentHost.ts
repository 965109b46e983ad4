/**
 * Where one instrument lives in the backend. The host owns its driver: it opens the link (connect,
 * identify, then the catalog for the model found), makes every driver call through one serial
 * CommandQueue with a cancelling timeout, and keeps the link's state — connecting, online, offline, error —
 * reporting each change with its reason.
 *
 * A link failure (DriverError 'disconnected' or 'protocol', a call that stays wedged after its abort, or
 * `timeoutsBeforeOffline` timeouts in a row) takes the instrument offline: the driver is closed and
 * reconnected with capped exponential backoff until it answers again. Meanwhile calls are refused at once
 * with DriverError('disconnected'), so nothing piles up behind a dead link. An instrument that cannot be
 * reached at start-up is simply offline from the start; the rest of the backend does not wait for it.
 * An instrument that answers but fails otherwise while opening (a driver error that is not a link failure)
 * is in `error` and is not retried: that needs a person.
 */
import type {
  InstrumentDescription,
  InstrumentInfo,
  InstrumentState,
  PsuChannelReading,
  StreamType,
} from '../../../shared/protocol/index.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { Emitter } from '../../util/Emitter.js';
import type { Logger } from '../../util/log.js';
import {
  DriverError,
  isLinkFailure,
  type Identity,
  type InstrumentDriver,
  type InstrumentEvent,
  type ParameterSnapshot,
  type ParameterValue,
  type ReadOptions,
  type SafeStateRequest,
  type StreamSample,
} from '../InstrumentDriver.js';
import { DEFAULT_RECONNECT_BACKOFF, reconnectDelayMs, type ReconnectBackoff } from './backoff.js';
import { CommandQueue } from './CommandQueue.js';
import {
  DEFAULT_HOST_TIMING,
  type CallOptions,
  type HostStateChange,
  type HostTiming,
  type InstrumentHostOptions,
} from './hostTypes.js';

export class InstrumentHost {
  readonly id: string;
  readonly label: string;
  readonly driverName: string | undefined;
  readonly #driver: InstrumentDriver;
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #timing: HostTiming;
  readonly #backoff: ReconnectBackoff;
  readonly #queue: CommandQueue;
  readonly #events = new Emitter<InstrumentEvent>();
  readonly #stateChanges = new Emitter<HostStateChange>();
  readonly #unsubscribeDriver: () => void;
  #state: InstrumentState = 'connecting';
  #reason: string | undefined;
  #description: InstrumentDescription | undefined;
  #identity: Identity | undefined;
  #opening: Promise<void> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Failed attempts since the link last did useful work: the backoff's exponent. */
  #failedAttempts = 0;
  #timeoutsInARow = 0;
  #offlineSinceMs: number | undefined;
  #closing: Promise<void> | undefined;

  constructor(driver: InstrumentDriver, options: InstrumentHostOptions) {
    this.id = driver.id;
    this.label = options.label ?? driver.id;
    this.driverName = options.driverName;
    this.#driver = driver;
    this.#log = options.log;
    this.#clock = options.clock ?? systemClock;
    this.#timing = { ...DEFAULT_HOST_TIMING, ...options.timing };
    this.#backoff = { ...DEFAULT_RECONNECT_BACKOFF, ...options.backoff };
    this.#queue = new CommandQueue({
      abortGraceMs: this.#timing.abortGraceMs,
      onWedged: (what) =>
        this.#linkLost(`${what} did not end ${this.#timing.abortGraceMs} ms after its timeout`),
    });
    this.#unsubscribeDriver = driver.onEvent((event) => this.#events.emit(event));
  }

  get state(): InstrumentState {
    return this.#state;
  }

  get online(): boolean {
    return this.#state === 'online';
  }

  /** Why the instrument is not online; undefined when it is. */
  get stateReason(): string | undefined {
    return this.#reason;
  }

  /** True once the instrument has answered at least once, so its catalog (streams, parameters) is known. */
  get described(): boolean {
    return this.#description !== undefined;
  }

  /** Who answered the last successful identify, if anyone has. */
  get identity(): Identity | undefined {
    return this.#identity;
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
    return {
      ...description,
      label: this.label,
      ...(this.driverName !== undefined && { driver: this.driverName }),
      state: this.#state,
      ...(this.#reason !== undefined && { state_reason: this.#reason }),
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
    this.#opening ??= this.#attempt();
    return this.#opening;
  }

  identify(options?: CallOptions<Identity>): Promise<Identity> {
    return this.#call('identify', (signal) => this.#driver.identify(signal), options);
  }

  getParameters(options?: CallOptions<ParameterSnapshot>): Promise<ParameterSnapshot> {
    return this.#call('get_parameters', (signal) => this.#driver.getParameters(signal), options);
  }

  setParameter(
    parameter: string,
    value: ParameterValue,
    channel?: number,
    options?: CallOptions<ParameterValue>,
  ): Promise<ParameterValue> {
    const what = `set_parameter ${parameter}`;
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
    return this.#call(what, (signal) => this.#driver.read(streamType, readOptions, signal), options);
  }

  /** Whether the driver offers readback at past instants (see InstrumentDriver.sampleReadings). */
  get canSampleReadings(): boolean {
    return this.#driver.sampleReadings !== undefined;
  }

  sampleReadings(
    startMs: number,
    intervalMs: number,
    count: number,
    options?: CallOptions<PsuChannelReading[][]>,
  ): Promise<PsuChannelReading[][]> {
    const sample = this.#driver.sampleReadings?.bind(this.#driver);
    if (sample === undefined) {
      return Promise.reject(
        new DriverError(`${this.id} cannot sample readings at past instants`, 'invalid_value'),
      );
    }
    return this.#call('sample readings', (signal) => sample(startMs, intervalMs, count, signal), options);
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
    if (this.#closing !== undefined) return this.#closing;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#unsubscribeDriver();
    this.#closing = this.#closeDriver();
    return this.#closing;
  }

  #call<T>(what: string, run: (signal: AbortSignal) => Promise<T>, options: CallOptions<T> = {}): Promise<T> {
    const refusal = this.#refusal();
    if (refusal !== undefined) return Promise.reject(refusal);
    return this.#queue
      .run(`${this.id} ${what}`, run, {
        timeoutMs: options.timeoutMs ?? this.#timing.callTimeoutMs,
        onLate: options.onLate,
        admit: () => this.#refusal(),
      })
      .then(
        (value) => {
          this.#timeoutsInARow = 0;
          this.#failedAttempts = 0;
          return value;
        },
        (err: unknown) => {
          // Judged before the caller sees the error, so a caller that asks `online` sees the new state.
          this.#judge(err);
          throw err;
        },
      );
  }

  #refusal(): DriverError | undefined {
    if (this.#closing !== undefined) return new DriverError(`${this.id} has been closed`, 'disconnected');
    if (this.#state === 'online') return undefined;
    const why = this.#reason === undefined ? '' : ` (${this.#reason})`;
    return new DriverError(`${this.id} is ${this.#state}${why}`, 'disconnected', { state: this.#state });
  }

  #judge(err: unknown): void {
    if (!isLinkFailure(err)) return;
    if (err.code !== 'timeout') return this.#linkLost(err.message);
    this.#timeoutsInARow++;
    if (this.#timeoutsInARow >= this.#timing.timeoutsBeforeOffline) {
      this.#linkLost(`${this.#timeoutsInARow} calls in a row timed out (last: ${err.message})`);
    }
  }

  async #attempt(): Promise<void> {
    this.#retryTimer = undefined;
    if (this.#closing !== undefined) return;
    const step = { timeoutMs: this.#timing.openTimeoutMs, admit: () => this.#closedError() };
    try {
      await this.#queue.run(`${this.id} connect`, (signal) => this.#driver.connect(signal), step);
      const identity = await this.#queue.run(`${this.id} identify`, (s) => this.#driver.identify(s), step);
      this.#description = this.#driver.capabilities();
      this.#identity = identity;
      this.#timeoutsInARow = 0;
      const offlineMs =
        this.#offlineSinceMs === undefined ? undefined : this.#clock.nowMs() - this.#offlineSinceMs;
      this.#offlineSinceMs = undefined;
      this.#setState('online', undefined, offlineMs);
    } catch (err) {
      if (this.#closing !== undefined) return;
      const reason = err instanceof Error ? err.message : String(err);
      void this.#closeDriver();
      if (!isLinkFailure(err)) {
        this.#log.error(`${this.id}: cannot be used: ${reason}`);
        this.#setState('error', reason);
        return;
      }
      this.#offlineSinceMs ??= this.#clock.nowMs();
      this.#setState('offline', reason);
      this.#scheduleRetry();
    }
  }

  #linkLost(reason: string): void {
    if (this.#closing !== undefined || this.#state !== 'online') return;
    this.#offlineSinceMs = this.#clock.nowMs();
    this.#log.warn(`${this.id} offline: ${reason}; reconnecting`);
    this.#setState('offline', reason);
    void this.#closeDriver();
    this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    const delayMs = reconnectDelayMs(this.#failedAttempts++, this.#backoff);
    this.#log.debug(`${this.id}: next connection attempt in ${delayMs} ms`);
    this.#retryTimer = setTimeout(() => void this.#attempt(), delayMs);
    this.#retryTimer.unref?.();
  }

  /** Closes the driver through the queue, so it never overlaps a call; failures are only logged. */
  async #closeDriver(): Promise<void> {
    await this.#queue
      .run(`${this.id} close`, () => this.#driver.close(), { timeoutMs: this.#timing.openTimeoutMs })
      .catch((err: unknown) => this.#log.debug(`${this.id}: close failed`, err));
  }

  #closedError(): DriverError | undefined {
    return this.#closing === undefined
      ? undefined
      : new DriverError(`${this.id} has been closed`, 'disconnected');
  }

  #setState(state: InstrumentState, reason: string | undefined, offlineMs?: number): void {
    const previousState = this.#state;
    this.#reason = reason;
    if (state === previousState) return;
    this.#state = state;
    this.#stateChanges.emit({
      equipmentId: this.id,
      state,
      previousState,
      reason,
      offlineMs,
      timestampMs: this.#clock.nowMs(),
      info: this.capabilities(),
    });
  }
}
