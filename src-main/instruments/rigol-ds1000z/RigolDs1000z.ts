/**
 * Rigol DS1000Z oscilloscopes (DS1054Z, DS1104Z…) over SCPI: the oscilloscope profile, channels from the
 * model `*IDN?` names, settings read back from the scope, records converted with the preamble, and
 * measurements computed from the records with the simulator's code, so the two agree.
 *
 * A waveform read takes the four channels of one acquisition: while running it stops the scope, reads the
 * frozen 1,200-point screen record of each channel on, and runs it again (reading channel by channel from a
 * running scope mixes acquisitions). In normal or single mode with no trigger yet it yields
 * `waiting_for_trigger`. The stopped deep memory is read by `readMemory` (deepMemory.ts).
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
import { ScpiCalls, parseIdn } from '../scpi-scope/scpiCalls.js';
import { readChannelRecords } from '../scpi-scope/readChannels.js';
import { enabledChannels, serveScopeRead } from '../scpi-scope/serveRead.js';
import { SharedAcquisition, type HeldAcquisition } from '../scpi-scope/SharedAcquisition.js';
import { ds1000zDescription } from './ds1000zCatalog.js';
import {
  DS1000Z_MODELS,
  DS1000Z_SCREEN_POINTS,
  findDs1000zModel,
  type Ds1000zModel,
} from './ds1000zModels.js';
import {
  TRIGGER_STATUSES,
  applyDs1000zSetting,
  readDs1000zSettings,
  type ChannelState,
} from './ds1000zSettings.js';
import { readDs1000zMemory } from './deepMemory.js';

export interface RigolDs1000zOptions {
  id: string;
  /** Opens the link (the registration's raw-socket transport, or a test's in-memory port). */
  openPort(signal?: AbortSignal): Promise<ScpiPort>;
  clock?: Clock;
}

export class RigolDs1000z implements InstrumentDriver, DeepMemoryCapture {
  readonly id: string;
  readonly kind = 'oscilloscope' as const;
  readonly #openPort: RigolDs1000zOptions['openPort'];
  readonly #clock: Clock;
  readonly #events = new Emitter<InstrumentEvent>();
  readonly #shared = new SharedAcquisition();
  #calls: ScpiCalls | undefined;
  #model: Ds1000zModel = DS1000Z_MODELS[0]!;
  #identity: Identity | undefined;
  #info: InstrumentDescription;
  /** The channels as last read or set; undefined until the first read of the settings. */
  #channels: ChannelState[] | undefined;

  constructor(options: RigolDs1000zOptions) {
    this.id = options.id;
    this.#openPort = options.openPort;
    this.#clock = options.clock ?? systemClock;
    this.#info = ds1000zDescription(this.id, this.#model, undefined);
  }

  async connect(signal?: AbortSignal): Promise<void> {
    await this.close();
    this.#calls = new ScpiCalls(await this.#openPort(signal), this.id);
    this.#channels = undefined;
  }

  async identify(signal?: AbortSignal): Promise<Identity> {
    const idn = parseIdn(await this.#link().query('*IDN?', signal), this.id);
    const model = /rigol/i.test(idn.vendor) ? findDs1000zModel(idn.model) : undefined;
    if (!model) {
      throw new DriverError(
        `${this.id} is a "${idn.vendor} ${idn.model}", not a Rigol DS1000Z; supported: ${DS1000Z_MODELS.map((m) => m.name).join(', ')}`,
        'fault',
        { vendor: idn.vendor, model: idn.model },
      );
    }
    this.#model = model;
    this.#identity = { vendor: 'Rigol', model: model.name, serial: idn.serial, firmware: idn.firmware };
    this.#info = ds1000zDescription(this.id, model, this.#identity);
    return this.#identity;
  }

  capabilities(): InstrumentDescription {
    return this.#info;
  }

  async getParameters(signal?: AbortSignal): Promise<ParameterSnapshot> {
    const { snapshot, channels } = await readDs1000zSettings(this.#link(), this.#model.channels, signal);
    this.#channels = channels;
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
    const channels = await this.#channelStates(signal);
    const enabledCount = channels.filter((c) => c.enabled).length;
    const applied = await applyDs1000zSetting(
      this.#link(),
      parameter,
      checked,
      info.channel,
      enabledCount,
      signal,
    );
    this.#shared.invalidate();
    // Settings that the reads depend on are kept; the rest are read from the scope when needed.
    const ch = info.channel === undefined ? undefined : channels[info.channel - 1];
    if (ch && parameter === 'enabled') ch.enabled = applied as boolean;
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
   * Downloads the stopped scope's memory record (up to 24 M points with one channel on) in windows of at
   * most 250,000 points, with progress; cancelled through `signal`. Refused while the scope runs.
   */
  async readMemory(options: MemoryDownloadOptions = {}): Promise<ScopeRecord> {
    const channels = enabledChannels(await this.#channelStates(options.signal));
    return readDs1000zMemory(this.#link(), this.id, channels, options);
  }

  /** Arms one single capture (`:SING`): the scope stops once it has triggered, its memory then readable. */
  async armSingle(signal?: AbortSignal): Promise<void> {
    await this.#link().write(':SING', signal);
    this.#shared.invalidate();
  }

  /** True once the armed single capture has triggered (`:TRIG:STAT?` answers STOP). */
  async singleDone(signal?: AbortSignal): Promise<boolean> {
    return (await this.#link().word(':TRIG:STAT?', TRIGGER_STATUSES, signal)) === 'STOP';
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

  async #channelStates(signal?: AbortSignal): Promise<ChannelState[]> {
    if (!this.#channels) await this.getParameters(signal);
    return this.#channels!;
  }

  async #acquire(
    options: ReadOptions | undefined,
    signal?: AbortSignal,
  ): Promise<HeldAcquisition | 'waiting_for_trigger'> {
    const calls = this.#link();
    const channels = enabledChannels(await this.#channelStates(signal));
    if (channels.length === 0) {
      throw new DriverError(`${this.id} has no channel on: enable one to read a waveform`, 'invalid_value');
    }
    const status = await calls.word(':TRIG:STAT?', TRIGGER_STATUSES, signal);
    if (status === 'WAIT') return 'waiting_for_trigger';
    const readAtMs = this.#clock.nowMs();
    const running = status !== 'STOP';
    if (running) await calls.write(':STOP', signal);
    let record: ScopeRecord;
    try {
      record = await this.#readScreen(calls, channels, status !== 'AUTO', signal);
    } finally {
      // Not on abort: the link is being resynchronised and the host will not wait for more.
      if (running && !signal?.aborted) await calls.write(':RUN', signal);
    }
    const durationMs = (record.channels[0]!.samples.length / record.sampleRateHz) * 1000;
    return this.#shared.hold(
      record,
      running ? readAtMs - durationMs : readAtMs,
      this.#clock.nowMs(),
      options,
    );
  }

  async #readScreen(
    calls: ScpiCalls,
    channels: readonly number[],
    triggered: boolean,
    signal?: AbortSignal,
  ): Promise<ScopeRecord> {
    await calls.write(':WAV:MODE NORM', signal);
    await calls.write(':WAV:FORM BYTE', signal);
    await calls.write(':WAV:STAR 1', signal);
    await calls.write(`:WAV:STOP ${DS1000Z_SCREEN_POINTS}`, signal);
    return { ...(await readChannelRecords(calls, this.id, channels, 'rigol', signal)), triggered };
  }
}
