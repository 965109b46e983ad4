/**
 * Keysight InfiniiVision X oscilloscopes (DSO-X 1204G, 2024A, 3034T…) over SCPI: the oscilloscope profile,
 * channels and limits from the model `*IDN?` names, settings read back, BYTE records converted with the
 * preamble (Keysight's convention), measurements with the simulator's code.
 *
 * A waveform read stops a running scope, reads the frozen record of every channel on (`:WAV:POIN` points),
 * and runs it again, so the channels come from one acquisition. In normal mode without a trigger, or with a
 * single capture still armed, it yields `waiting_for_trigger`. The stopped scope's raw record (its deep
 * memory) is read by `readMemory` (deepMemory.ts), and a single_deep capture arms `:SING` through
 * `armSingle`.
 */
import type { InstrumentDescription, StreamType } from '../../../shared/protocol/index.js';
import { type Clock, Emitter, systemClock } from '../../util/index.js';
import {
  type DeepMemoryCapture,
  DriverError,
  type Identity,
  type InstrumentDriver,
  type InstrumentEvent,
  type MemoryDownloadOptions,
  type ParameterSnapshot,
  type ParameterValue,
  type ReadOptions,
  type ScopeRecord,
  type StreamSample,
} from '../InstrumentDriver.js';
import { checkParameterValue, findParameter } from '../parameters.js';
import type { ScpiPort } from '../scpi/ScpiPort.js';
import { readChannelRecords } from '../scpi-scope/readChannels.js';
import { enabledChannels, serveScopeRead } from '../scpi-scope/serveRead.js';
import { ScpiCalls, parseIdn } from '../scpi-scope/scpiCalls.js';
import { SharedAcquisition, type HeldAcquisition } from '../scpi-scope/SharedAcquisition.js';
import { readInfiniiVisionMemory, RUN_BIT } from './deepMemory.js';
import { infiniivisionDescription } from './infiniivisionCatalog.js';
import {
  INFINIIVISION_MODELS,
  findInfiniiVisionModel,
  type InfiniiVisionModel,
} from './infiniivisionModels.js';
import { applyDsoxSetting, readDsoxSettings, type DsoxDriverState } from './infiniivisionSettings.js';

export interface KeysightInfiniiVisionOptions {
  id: string;
  openPort(signal?: AbortSignal): Promise<ScpiPort>;
  clock?: Clock;
}

export class KeysightInfiniiVision implements InstrumentDriver, DeepMemoryCapture {
  readonly id: string;
  readonly kind = 'oscilloscope' as const;
  readonly #openPort: KeysightInfiniiVisionOptions['openPort'];
  readonly #clock: Clock;
  readonly #events = new Emitter<InstrumentEvent>();
  readonly #shared = new SharedAcquisition();
  #calls: ScpiCalls | undefined;
  #model: InfiniiVisionModel = INFINIIVISION_MODELS.find((m) => m.name === 'DSO-X 1204G')!;
  #info: InstrumentDescription;
  #state: DsoxDriverState | undefined;
  #single = false;
  /**
   * The `:WAV:POIN` of normal reads, saved while a deep download has the scope in RAW mode: put back
   * before the next normal read or settings read (the record_length the user chose).
   */
  #pointsToRestore: number | undefined;

  constructor(options: KeysightInfiniiVisionOptions) {
    this.id = options.id;
    this.#openPort = options.openPort;
    this.#clock = options.clock ?? systemClock;
    this.#info = infiniivisionDescription(this.id, this.#model, undefined);
  }

  async connect(signal?: AbortSignal): Promise<void> {
    await this.close();
    this.#calls = new ScpiCalls(await this.#openPort(signal), this.id);
    this.#state = undefined;
  }

  async identify(signal?: AbortSignal): Promise<Identity> {
    const idn = parseIdn(await this.#link().query('*IDN?', signal), this.id);
    const model = /keysight|agilent/i.test(idn.vendor) ? findInfiniiVisionModel(idn.model) : undefined;
    if (!model) {
      throw new DriverError(
        `${this.id} is a "${idn.vendor} ${idn.model}", not a Keysight InfiniiVision X; supported: ${INFINIIVISION_MODELS.map((m) => m.name).join(', ')}`,
        'fault',
        { vendor: idn.vendor, model: idn.model },
      );
    }
    this.#model = model;
    const identity = { vendor: 'Keysight', model: model.name, serial: idn.serial, firmware: idn.firmware };
    this.#info = infiniivisionDescription(this.id, model, identity);
    return identity;
  }

  capabilities(): InstrumentDescription {
    return this.#info;
  }

  async getParameters(signal?: AbortSignal): Promise<ParameterSnapshot> {
    await this.#restoreNormalPoints(this.#link(), signal);
    const { snapshot, state } = await readDsoxSettings(
      this.#link(),
      this.#model.channels,
      this.#single,
      signal,
    );
    this.#state = state;
    return snapshot;
  }

  async setParameter(
    parameter: string,
    value: ParameterValue,
    channel?: number,
    signal?: AbortSignal,
  ): Promise<ParameterValue> {
    const info = findParameter(this.#info.parameters, parameter, channel);
    const checked = checkParameterValue(info, value);
    await this.#restoreNormalPoints(this.#link(), signal);
    const applied = await applyDsoxSetting(this.#link(), parameter, checked, info.channel, signal);
    this.#shared.invalidate();
    if (parameter === 'trigger_mode') this.#single = applied === 'single';
    // The reads' view of the scope is read again before the next read.
    this.#state = undefined;
    return applied;
  }

  read(streamType: StreamType, options?: ReadOptions, signal?: AbortSignal): Promise<StreamSample> {
    return serveScopeRead(streamType, options, {
      who: this.id,
      shared: this.#shared,
      clock: this.#clock,
      acquire: () => this.#acquire(options, signal),
    });
  }

  /**
   * Downloads the stopped scope's raw record of every channel on, one block per channel, with progress;
   * cancelled through `signal`. Refused while the scope runs.
   */
  async readMemory(options: MemoryDownloadOptions = {}): Promise<ScopeRecord> {
    const calls = this.#link();
    if (!this.#state) await this.getParameters(options.signal);
    const channels = enabledChannels(this.#state!.channels);
    await this.#restoreNormalPoints(calls, options.signal);
    await calls.write(':WAV:POIN:MODE NORM', options.signal);
    const normalPoints = await calls.number(':WAV:POIN?', options.signal);
    this.#pointsToRestore = normalPoints;
    const record = await readInfiniiVisionMemory(calls, this.id, channels, options);
    await this.#restoreNormalPoints(calls, options.signal);
    return record;
  }

  /** Arms one single capture (`:SING`): the scope stops once it has triggered, its raw record then readable. */
  async armSingle(signal?: AbortSignal): Promise<void> {
    await this.#link().write(':SING', signal);
    this.#single = true;
    this.#shared.invalidate();
  }

  /** True once the armed single capture has triggered: `:OPER:COND?` no longer shows the scope acquiring. */
  async singleDone(signal?: AbortSignal): Promise<boolean> {
    return ((await this.#link().number(':OPER:COND?', signal)) & RUN_BIT) === 0;
  }

  onEvent(listener: (event: InstrumentEvent) => void): () => void {
    return this.#events.on(listener);
  }

  async close(): Promise<void> {
    const calls = this.#calls;
    this.#calls = undefined;
    this.#shared.invalidate();
    if (calls) await calls.port.close();
  }

  #link(): ScpiCalls {
    if (!this.#calls) throw new DriverError(`${this.id} is not connected`, 'disconnected');
    return this.#calls;
  }

  /** Back to NORMal points mode at the record length normal reads had before a deep download. */
  async #restoreNormalPoints(calls: ScpiCalls, signal?: AbortSignal): Promise<void> {
    const points = this.#pointsToRestore;
    if (points === undefined) return;
    await calls.write(':WAV:POIN:MODE NORM', signal);
    await calls.write(`:WAV:POIN ${points}`, signal);
    this.#pointsToRestore = undefined;
  }

  async #acquire(
    options: ReadOptions | undefined,
    signal?: AbortSignal,
  ): Promise<HeldAcquisition | 'waiting_for_trigger'> {
    const calls = this.#link();
    if (!this.#state) await this.getParameters(signal);
    const state = this.#state!;
    const channels = enabledChannels(state.channels);
    if (channels.length === 0) {
      throw new DriverError(`${this.id} has no channel on: enable one to read a waveform`, 'invalid_value');
    }
    const running = ((await calls.number(':OPER:COND?', signal)) & RUN_BIT) !== 0;
    // A single capture still armed (the condition polls it) has not triggered yet.
    if (running && this.#single) return 'waiting_for_trigger';
    const triggered = running ? (await calls.number(':TER?', signal)) === 1 : true;
    if (running && state.sweep === 'NORM' && !triggered) return 'waiting_for_trigger';
    const readAtMs = this.#clock.nowMs();
    if (running) await calls.write(':STOP', signal);
    let record: ScopeRecord;
    try {
      record = await this.#readRecord(calls, channels, triggered, signal);
    } finally {
      if (running && !signal?.aborted) await calls.write(':RUN', signal);
    }
    return this.#shared.hold(record, readAtMs, this.#clock.nowMs(), options);
  }

  async #readRecord(
    calls: ScpiCalls,
    channels: readonly number[],
    triggered: boolean,
    signal?: AbortSignal,
  ): Promise<ScopeRecord> {
    await this.#restoreNormalPoints(calls, signal);
    await calls.write(':WAV:POIN:MODE NORM', signal);
    await calls.write(':WAV:FORM BYTE', signal);
    await calls.write(':WAV:UNS 1', signal);
    return { ...(await readChannelRecords(calls, this.id, channels, 'keysight', signal)), triggered };
  }
}
