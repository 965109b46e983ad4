/**
 * Keysight E36311A / E36312A / E36313A over SCPI: SCPI-99 with `(@n)` channel lists, so one query reads a
 * quantity of every output (`MEAS:VOLT? (@1:3)`). Channels and limits come from the model `*IDN?` names;
 * a setting outside them is refused before anything is sent, and every setting is followed by `SYST:ERR?`
 * so the instrument's own refusal reaches the caller. Protection trips (`VOLT:PROT:TRIP?`,
 * `CURR:PROT:TRIP?`, polled with each reading) become `protection_trip` events. Outputs are switched on
 * only by `setParameter('output_enabled', true)`: clearing protection on this family restores the output
 * to its state before the trip, so the driver turns it off first.
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
import { writeChecked } from '../scpi-psu/instrumentErrors.js';
import { formatSetting, parseBooleanList, parseNumber, parseNumberList } from '../scpi-psu/replies.js';
import type { ScpiPort } from '../scpi/ScpiPort.js';
import { e36300Catalog } from './e36300Catalog.js';
import { E36300_MODEL_NAMES, E36300_MODELS, findE36300Model, type E36300Model } from './e36300Models.js';
import { TripTracker } from './TripTracker.js';
import { readTrackingMode, trackingCommands } from './tracking.js';

export interface KeysightE36300Options {
  id: string;
  /** Opens the link (the registration's opens a raw socket; tests may open an in-memory one). */
  openPort: PortOpener;
  /** The model shown while the instrument has not been reached (default E36312A). */
  expectedModel?: E36300Model['model'];
  clock?: Clock;
}

export class KeysightE36300 implements InstrumentDriver {
  readonly id: string;
  readonly kind = 'power_supply' as const;
  readonly #openPort: PortOpener;
  readonly #clock: Clock;
  readonly #events = new Emitter<InstrumentEvent>();
  readonly #trips: TripTracker;
  #port: ScpiPort | undefined;
  #model: E36300Model;
  #info: InstrumentDescription;

  constructor(options: KeysightE36300Options) {
    this.id = options.id;
    this.#openPort = options.openPort;
    this.#clock = options.clock ?? systemClock;
    this.#model = findE36300Model(options.expectedModel ?? 'E36312A') ?? E36300_MODELS[1]!;
    this.#info = e36300Catalog(this.id, this.#model, '');
    this.#trips = new TripTracker(this.id, (event) => this.#events.emit(event), this.#clock);
  }

  async connect(signal?: AbortSignal): Promise<void> {
    this.#port = await this.#openPort(signal);
    this.#trips.reset();
  }

  async identify(signal?: AbortSignal): Promise<Identity> {
    const port = this.#link();
    const identity = parseIdentity(await port.query('*IDN?', { signal }));
    const model = findE36300Model(identity.model);
    if (!model) {
      throw new DriverError(
        `${identity.vendor} ${identity.model} is not an E36300 supply; this driver supports ${E36300_MODEL_NAMES.join(', ')}`,
        'fault',
        { model: identity.model, supported: E36300_MODEL_NAMES },
      );
    }
    // Errors left in the queue by an earlier session would be blamed on our first setting.
    await port.write('*CLS', { signal });
    this.#model = model;
    this.#info = e36300Catalog(this.id, model, identity.serial, identity.vendor);
    return identity;
  }

  capabilities(): InstrumentDescription {
    return this.#info;
  }

  async getParameters(signal?: AbortSignal): Promise<ParameterSnapshot> {
    const port = this.#link();
    const n = this.#model.outputs.length;
    const list = channelList(n);
    const ask = (command: string) => port.query(command, { signal });
    const volts = parseNumberList(await ask(`VOLT? ${list}`), n, 'VOLT?');
    const amps = parseNumberList(await ask(`CURR? ${list}`), n, 'CURR?');
    const outputs = parseBooleanList(await ask(`OUTP? ${list}`), n, 'OUTP?');
    const ovp = parseNumberList(await ask(`VOLT:PROT? ${list}`), n, 'VOLT:PROT?');
    const ocp = parseBooleanList(await ask(`CURR:PROT:STAT? ${list}`), n, 'CURR:PROT:STAT?');
    const trips = await this.#readTrips(port, signal);
    const channels: ParameterSnapshot['channels'] = {};
    for (let i = 0; i < n; i++) {
      channels[i + 1] = {
        voltage_set: volts[i]!,
        current_set: amps[i]!,
        output_enabled: outputs[i]!,
        ovp_level: ovp[i]!,
        ocp_enabled: ocp[i]!,
        protection_tripped: trips[i]!,
      };
    }
    return { global: { tracking_mode: await readTrackingMode(port, this.#model, signal) }, channels };
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
    const at = `(@${info.channel})`;
    switch (parameter) {
      case 'voltage_set':
        await writeChecked(port, `VOLT ${formatSetting(applied as number)},${at}`, options);
        return parseNumber(await port.query(`VOLT? ${at}`, options), 'VOLT?');
      case 'current_set':
        await writeChecked(port, `CURR ${formatSetting(applied as number)},${at}`, options);
        return parseNumber(await port.query(`CURR? ${at}`, options), 'CURR?');
      case 'ovp_level':
        await writeChecked(port, `VOLT:PROT ${formatSetting(applied as number)},${at}`, options);
        return parseNumber(await port.query(`VOLT:PROT? ${at}`, options), 'VOLT:PROT?');
      case 'output_enabled': {
        await writeChecked(port, `OUTP ${applied ? 'ON' : 'OFF'},${at}`, options);
        const on = parseBooleanList(await port.query(`OUTP? ${at}`, options), 1, 'OUTP?')[0]!;
        if (applied === true && !on) {
          // A latched protection keeps the output off without an error in the queue: say why.
          const trip = (await this.#readTrips(port, signal))[info.channel! - 1];
          throw new DriverError(
            `CH${info.channel} stays off: ${trip === 'none' ? 'the instrument did not turn it on' : `${trip?.toUpperCase()} tripped; clear protection first`}`,
            'invalid_value',
            { trip },
          );
        }
        return on;
      }
      case 'ocp_enabled':
        await writeChecked(port, `CURR:PROT:STAT ${applied ? 'ON' : 'OFF'},${at}`, options);
        return parseBooleanList(await port.query(`CURR:PROT:STAT? ${at}`, options), 1, 'CURR:PROT:STAT?')[0]!;
      case 'clear_protection':
        if (applied === true) {
          // The E36300 turns a tripped output back on when its protection is cleared; ours stays off.
          const trip = (await this.#readTrips(port, signal))[info.channel! - 1];
          await writeChecked(port, `OUTP OFF,${at}`, options);
          await writeChecked(port, `OUTP:PROT:CLE ${at}`, options);
          this.#trips.cleared(info.channel!, trip);
        }
        return applied;
      case 'tracking_mode': {
        // Pairing or tracking couples output 3 to output 2, which could switch an output on that nobody
        // asked to: the coupling changes only with both off.
        const outputs = parseBooleanList(await port.query('OUTP? (@2:3)', options), 2, 'OUTP?');
        if (outputs.some(Boolean)) {
          throw new DriverError('turn outputs 2 and 3 off before changing tracking_mode', 'invalid_value');
        }
        for (const command of trackingCommands(this.#model, applied as string)) {
          await writeChecked(port, command, options);
        }
        return readTrackingMode(port, this.#model, signal);
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
    const n = this.#model.outputs.length;
    const list = channelList(n);
    const ask = (command: string) => port.query(command, { signal });
    const timestampMs = this.#clock.nowMs();
    const volts = parseNumberList(await ask(`MEAS:VOLT? ${list}`), n, 'MEAS:VOLT?');
    const amps = parseNumberList(await ask(`MEAS:CURR? ${list}`), n, 'MEAS:CURR?');
    const voltSet = parseNumberList(await ask(`VOLT? ${list}`), n, 'VOLT?');
    const currSet = parseNumberList(await ask(`CURR? ${list}`), n, 'CURR?');
    const outputs = parseBooleanList(await ask(`OUTP? ${list}`), n, 'OUTP?');
    const readings: PsuChannelReading[] = [];
    for (let i = 0; i < n; i++) {
      // Questionable instrument summary condition: bit 0 constant current, bit 1 constant voltage.
      const command = `STAT:QUES:INST:ISUM${i + 1}:COND?`;
      const condition = parseNumber(await ask(command), command);
      readings.push({
        channel: i + 1,
        voltage_set: voltSet[i]!,
        current_set: currSet[i]!,
        voltage_actual: volts[i]!,
        current_actual: amps[i]!,
        power: Math.abs(volts[i]! * amps[i]!),
        output_enabled: outputs[i]!,
        in_cv_mode: outputs[i]! && (condition & 0b11) === 0b10,
        in_cc_mode: outputs[i]! && (condition & 0b11) === 0b01,
        timestamp: timestampMs,
      });
    }
    await this.#readTrips(port, signal);
    return { kind: 'readings', timestampMs, readings };
  }

  async enterSafeState(request: SafeStateRequest, signal?: AbortSignal): Promise<string> {
    const port = this.#link();
    const n = this.#model.outputs.length;
    if (request.mode === 'voltage') {
      const targetV = Math.max(0, request.voltageV ?? 0);
      for (let i = 0; i < n; i++) {
        const output = this.#model.outputs[i]!;
        const magnitude = Math.min(targetV, output.maxVoltageV);
        const volts = output.negative ? -magnitude : magnitude;
        await writeChecked(port, `VOLT ${formatSetting(volts)},(@${i + 1})`, { signal });
      }
      return `outputs set to ${targetV} V`;
    }
    await writeChecked(port, `OUTP OFF,${channelList(n)}`, { signal });
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

  /** Each output's latched trip (`ovp`, `ocp` or `none`), raising an event for each new one. */
  async #readTrips(port: ScpiPort, signal: AbortSignal | undefined): Promise<string[]> {
    const n = this.#model.outputs.length;
    const list = channelList(n);
    const ovp = parseBooleanList(
      await port.query(`VOLT:PROT:TRIP? ${list}`, { signal }),
      n,
      'VOLT:PROT:TRIP?',
    );
    const ocp = parseBooleanList(
      await port.query(`CURR:PROT:TRIP? ${list}`, { signal }),
      n,
      'CURR:PROT:TRIP?',
    );
    return ovp.map((tripped, i) => this.#trips.observe(i + 1, tripped ? 'ovp' : ocp[i] ? 'ocp' : undefined));
  }

  #link(): ScpiPort {
    if (!this.#port) throw new DriverError(`${this.id} is not connected`, 'disconnected');
    return this.#port;
  }
}

/** `(@1:n)`: every output of the model, in one channel list. */
function channelList(count: number): string {
  return count === 1 ? '(@1)' : `(@1:${count})`;
}
