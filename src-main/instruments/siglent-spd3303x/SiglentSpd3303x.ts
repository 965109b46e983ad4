/**
 * Siglent SPD3303X / SPD3303X-E over SCPI, in its own dialect: channel-prefixed settings (`CH1:VOLT 5`,
 * `CH1:VOLT?`), measurements that name the channel (`MEAS:VOLT? CH1`), `OUTP CH1,ON`, `OUTP:TRACK 0|1|2`,
 * and output state, CV/CC and coupling only in the `SYST:STAT?` word. Its quirks are the link's business
 * (the registration asks the port for a 20 ms command gap and never to use `*OPC?`, which it does not
 * answer); the driver only ever sends one command at a time and checks `SYST:ERR?` after each setting.
 * Outputs are switched on only by `setParameter('output_enabled', true)`.
 */
import type { InstrumentDescription, PsuChannelReading, StreamType } from '../../../shared/protocol/index.js';
import { type Clock, Emitter, systemClock } from '../../util/index.js';
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
import { checkParameterValue, findParameter } from '../parameters.js';
import { parseIdentity, type PortOpener } from '../scpi-psu/identity.js';
import { drainErrors, writeChecked } from '../scpi-psu/instrumentErrors.js';
import { formatSetting, parseNumber } from '../scpi-psu/replies.js';
import type { ScpiPort } from '../scpi/ScpiPort.js';
import { spd3303xCatalog } from './spd3303xCatalog.js';
import {
  findSpd3303xModel,
  SPD3303X_MODEL_NAMES,
  SPD3303X_MODELS,
  type Spd3303xModel,
  type Spd3303xTrackingMode,
} from './spd3303xModels.js';
import { decodeSpd3303xStatus, TRACK_ARGUMENT, type Spd3303xStatus } from './spd3303xStatus.js';

export interface SiglentSpd3303xOptions {
  id: string;
  /** Opens the link, paced for this instrument (the registration's does; tests may open an in-memory one). */
  openPort: PortOpener;
  /** The model shown while the instrument has not been reached (default SPD3303X). */
  expectedModel?: Spd3303xModel['model'];
  clock?: Clock;
}

export class SiglentSpd3303x implements InstrumentDriver {
  readonly id: string;
  readonly kind = 'power_supply' as const;
  readonly #openPort: PortOpener;
  readonly #clock: Clock;
  readonly #events = new Emitter<InstrumentEvent>();
  #port: ScpiPort | undefined;
  #model: Spd3303xModel;
  #info: InstrumentDescription;

  constructor(options: SiglentSpd3303xOptions) {
    this.id = options.id;
    this.#openPort = options.openPort;
    this.#clock = options.clock ?? systemClock;
    this.#model = findSpd3303xModel(options.expectedModel ?? 'SPD3303X') ?? SPD3303X_MODELS[0]!;
    this.#info = spd3303xCatalog(this.id, this.#model, '');
  }

  async connect(signal?: AbortSignal): Promise<void> {
    this.#port = await this.#openPort(signal);
  }

  async identify(signal?: AbortSignal): Promise<Identity> {
    const port = this.#link();
    const identity = parseIdentity(await port.query('*IDN?', { signal }));
    const model = findSpd3303xModel(identity.model);
    if (!model) {
      throw new DriverError(
        `${identity.vendor} ${identity.model} is not an SPD3303X supply; this driver supports ${SPD3303X_MODEL_NAMES.join(', ')}`,
        'fault',
        { model: identity.model, supported: SPD3303X_MODEL_NAMES },
      );
    }
    // Errors left by an earlier session would be blamed on our first setting (it has no *CLS).
    await drainErrors(port, { signal });
    this.#model = model;
    this.#info = spd3303xCatalog(this.id, model, identity.serial, identity.vendor);
    return identity;
  }

  capabilities(): InstrumentDescription {
    return this.#info;
  }

  async getParameters(signal?: AbortSignal): Promise<ParameterSnapshot> {
    const port = this.#link();
    const status = await this.#status(port, signal);
    const channels: ParameterSnapshot['channels'] = {};
    for (let c = 1; c <= this.#model.outputs; c++) {
      channels[c] = {
        voltage_set: await this.#number(port, `CH${c}:VOLT?`, signal),
        current_set: await this.#number(port, `CH${c}:CURR?`, signal),
        output_enabled: status.outputOn[c - 1]!,
      };
    }
    return { global: { tracking_mode: status.tracking }, channels };
  }

  async setParameter(
    parameter: string,
    value: ParameterValue,
    channel?: number,
    signal?: AbortSignal,
  ): Promise<ParameterValue> {
    const info = findParameter(this.#info.parameters, parameter, channel);
    const applied = checkParameterValue(info, value);
    const port = this.#link();
    const options = { signal };
    switch (parameter) {
      case 'voltage_set':
        await writeChecked(port, `CH${info.channel}:VOLT ${formatSetting(applied as number)}`, options);
        return this.#number(port, `CH${info.channel}:VOLT?`, signal);
      case 'current_set':
        await writeChecked(port, `CH${info.channel}:CURR ${formatSetting(applied as number)}`, options);
        return this.#number(port, `CH${info.channel}:CURR?`, signal);
      case 'output_enabled':
        await writeChecked(port, `OUTP CH${info.channel},${applied ? 'ON' : 'OFF'}`, options);
        return (await this.#status(port, signal)).outputOn[info.channel! - 1]!;
      case 'tracking_mode': {
        // Coupled, CH1 and CH2 are one output, which could switch an output on that nobody asked to: the
        // coupling changes only with both off.
        if ((await this.#status(port, signal)).outputOn.some(Boolean)) {
          throw new DriverError('turn CH1 and CH2 off before changing tracking_mode', 'invalid_value');
        }
        await writeChecked(port, `OUTP:TRACK ${TRACK_ARGUMENT[applied as Spd3303xTrackingMode]}`, options);
        return (await this.#status(port, signal)).tracking;
      }
      default:
        throw new DriverError(`unknown parameter "${parameter}"`, 'unknown_parameter');
    }
  }

  async read(streamType: StreamType, _options?: ReadOptions, signal?: AbortSignal): Promise<StreamSample> {
    if (streamType !== 'readings') {
      throw new DriverError(`${this.id} has no ${streamType} stream`, 'invalid_value');
    }
    const port = this.#link();
    const timestampMs = this.#clock.nowMs();
    const readings: PsuChannelReading[] = [];
    for (let c = 1; c <= this.#model.outputs; c++) {
      readings.push({
        channel: c,
        voltage_actual: await this.#number(port, `MEAS:VOLT? CH${c}`, signal),
        current_actual: await this.#number(port, `MEAS:CURR? CH${c}`, signal),
        power: await this.#number(port, `MEAS:POWE? CH${c}`, signal),
        voltage_set: await this.#number(port, `CH${c}:VOLT?`, signal),
        current_set: await this.#number(port, `CH${c}:CURR?`, signal),
        output_enabled: false,
        in_cv_mode: false,
        in_cc_mode: false,
        timestamp: timestampMs,
      });
    }
    const status = await this.#status(port, signal);
    for (const reading of readings) {
      const on = status.outputOn[reading.channel - 1]!;
      const cc = status.constantCurrent[reading.channel - 1]!;
      reading.output_enabled = on;
      reading.in_cc_mode = on && cc;
      reading.in_cv_mode = on && !cc;
    }
    return { kind: 'readings', timestampMs, readings };
  }

  async enterSafeState(request: SafeStateRequest, signal?: AbortSignal): Promise<string> {
    const port = this.#link();
    if (request.mode === 'voltage') {
      const targetV = Math.min(Math.max(0, request.voltageV ?? 0), this.#model.maxVoltageV);
      for (let c = 1; c <= this.#model.outputs; c++) {
        await writeChecked(port, `CH${c}:VOLT ${formatSetting(targetV)}`, { signal });
      }
      return `outputs set to ${targetV} V`;
    }
    // CH3 too: it is not in the catalog, but it is an output, and safe means all of them off.
    for (const c of [1, 2, 3]) await writeChecked(port, `OUTP CH${c},OFF`, { signal });
    return 'outputs turned off';
  }

  onEvent(listener: (event: InstrumentEvent) => void): () => void {
    return this.#events.on(listener);
  }

  async close(): Promise<void> {
    const port = this.#port;
    this.#port = undefined;
    await port?.close();
  }

  async #number(port: ScpiPort, command: string, signal: AbortSignal | undefined): Promise<number> {
    return parseNumber(await port.query(command, { signal }), command);
  }

  async #status(port: ScpiPort, signal: AbortSignal | undefined): Promise<Spd3303xStatus> {
    return decodeSpd3303xStatus(await port.query('SYST:STAT?', { signal }));
  }

  #link(): ScpiPort {
    if (!this.#port) throw new DriverError(`${this.id} is not connected`, 'disconnected');
    return this.#port;
  }
}
