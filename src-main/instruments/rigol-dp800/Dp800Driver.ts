/**
 * Rigol DP800 supplies (DP832, DP831, DP821, DP811 and their "A" versions) over raw-socket SCPI, port 5555.
 * The model, hence the outputs and their limits, comes from `*IDN?`. Settings are checked against the
 * model's ranges before anything is sent, and each is followed by `SYST:ERR?`, so the instrument's own
 * refusal reaches the user as a DriverError. The driver never switches an output on by itself: only a
 * `setParameter('output_enabled', true)` does.
 */
import type {
  InstrumentDescription,
  InstrumentLinkStats,
  PsuChannelReading,
  StreamType,
} from '../../../shared/protocol/index.js';
import { type Clock, Emitter, systemClock } from '../../util/index.js';
import type {
  Identity,
  InstrumentDriver,
  InstrumentEvent,
  ParameterSnapshot,
  ParameterValue,
  ReadOptions,
  SafeStateRequest,
  StreamSample,
} from '../InstrumentDriver.js';
import { DriverError } from '../InstrumentDriver.js';
import { checkParameterValue, findParameter } from '../parameters.js';
import { protectionClearedEvent } from '../protectionEvents.js';
import type { ScpiPort } from '../scpi/ScpiPort.js';
import type { ScpiPacing } from '../scpi/transport/index.js';
import { formatAddress, ScpiLink } from '../scpi/transport/index.js';
import type { TcpEndpoint } from '../tcpEndpoint.js';
import { dp800Catalog } from './catalog.js';
import type { Dp800Model } from './models.js';
import { DP800_MODELS, findDp800Model, SUPPORTED_MODELS } from './models.js';
import {
  parseApplyReply,
  parseIdn,
  parseMeasureAll,
  parseNumberReply,
  parseOnOffReply,
  parseSystemError,
  parseYesNoReply,
} from './replies.js';

/** DP800 timing: it answers promptly and takes `*OPC?`; nothing needs spacing (sigrok sends back to back). */
export const DP800_PACING: Partial<ScpiPacing> = { timeoutMs: 2_000, opcQuery: true };

export interface Dp800DriverOptions {
  id: string;
  endpoint: TcpEndpoint;
  pacing?: Partial<ScpiPacing>;
  clock?: Clock;
  /** Opens the link (tests may substitute one; it then reports no link figures); defaults to a TCP socket. */
  open?: (endpoint: TcpEndpoint, pacing: Partial<ScpiPacing>, signal?: AbortSignal) => Promise<ScpiPort>;
}

type Trip = 'ovp' | 'ocp' | 'none';

export class Dp800Driver implements InstrumentDriver {
  readonly id: string;
  readonly kind = 'power_supply' as const;
  readonly #endpoint: TcpEndpoint;
  readonly #pacing: Partial<ScpiPacing>;
  readonly #clock: Clock;
  readonly #open: NonNullable<Dp800DriverOptions['open']>;
  /** The TCP link when the driver opens its own (not a test's substitute): its figures go to `stats`. */
  readonly #scpiLink: ScpiLink | undefined;
  readonly #events = new Emitter<InstrumentEvent>();
  #port: ScpiPort | undefined;
  #model: Dp800Model = DP800_MODELS[0]!;
  #info: InstrumentDescription;
  /** Output states seen by the last read, to notice an output that protection turned off. */
  #lastOutputs: boolean[] = [];
  #trips: Trip[] = [];

  constructor(options: Dp800DriverOptions) {
    this.id = options.id;
    this.#endpoint = options.endpoint;
    this.#pacing = { ...DP800_PACING, ...options.pacing };
    this.#clock = options.clock ?? systemClock;
    const link = options.open ? undefined : new ScpiLink(this.#endpoint, this.#pacing);
    this.#scpiLink = link;
    this.#open = options.open ?? ((_endpoint, pacing, signal) => link!.open(signal, pacing));
    // Until *IDN? names the model, the catalog shows the commonest one, marked as not yet identified.
    this.#info = dp800Catalog(this.id, this.#model, {
      vendor: 'Rigol',
      model: `DP800 at ${formatAddress(this.#endpoint)} (not yet identified)`,
      serial: '',
    });
  }

  async connect(signal?: AbortSignal): Promise<void> {
    await this.#port?.close();
    this.#port = await this.#open(this.#endpoint, this.#pacing, signal);
  }

  async identify(signal?: AbortSignal): Promise<Identity> {
    const identity = parseIdn(await this.#query('*IDN?', signal));
    const model = findDp800Model(identity.model);
    if (!/^RIGOL/i.test(identity.vendor) || !model) {
      throw new DriverError(
        `${formatAddress(this.#endpoint)} is a ${identity.vendor} ${identity.model}, not a Rigol DP800 supply ` +
          `(supported: ${SUPPORTED_MODELS})`,
        'fault',
        { vendor: identity.vendor, model: identity.model },
      );
    }
    this.#model = model;
    this.#info = dp800Catalog(this.id, model, {
      vendor: 'Rigol',
      model: identity.model,
      serial: identity.serial,
    });
    this.#trips = model.outputs.map(() => 'none');
    return { ...identity, vendor: 'Rigol' };
  }

  capabilities(): InstrumentDescription {
    return this.#info;
  }

  async getParameters(signal?: AbortSignal): Promise<ParameterSnapshot> {
    const channels: ParameterSnapshot['channels'] = {};
    for (let n = 1; n <= this.#model.outputs.length; n++) {
      const ch = `CH${n}`;
      const trip = await this.#queryTrip(n, signal);
      channels[n] = {
        voltage_set: await this.#queryNumber(`:SOUR${n}:VOLT?`, signal),
        current_set: await this.#queryNumber(`:SOUR${n}:CURR?`, signal),
        output_enabled: await this.#queryOnOff(`:OUTP? ${ch}`, signal),
        ovp_level: await this.#queryNumber(`:OUTP:OVP:VAL? ${ch}`, signal),
        ovp_enabled: await this.#queryOnOff(`:OUTP:OVP? ${ch}`, signal),
        ocp_level: await this.#queryNumber(`:OUTP:OCP:VAL? ${ch}`, signal),
        ocp_enabled: await this.#queryOnOff(`:OUTP:OCP? ${ch}`, signal),
        protection_tripped: trip,
      };
    }
    const global: ParameterSnapshot['global'] = {};
    if (this.#model.tracking) {
      const ch = `CH${this.#model.tracking[0]}`;
      global.tracking_mode = (await this.#queryOnOff(`:OUTP:TRAC? ${ch}`, signal)) ? 'track' : 'independent';
    }
    return { global, channels };
  }

  async setParameter(
    parameter: string,
    value: ParameterValue,
    channel?: number,
    signal?: AbortSignal,
  ): Promise<ParameterValue> {
    // Refused here, before anything is sent, when the model's ranges do not allow it.
    const info = findParameter(this.#info.parameters, parameter, channel);
    const applied = checkParameterValue(info, value);
    const n = info.channel ?? 1;
    const ch = `CH${n}`;
    switch (parameter) {
      case 'voltage_set':
        await this.#set(`:SOUR${n}:VOLT ${formatSetpoint(applied as number)}`, signal);
        return this.#queryNumber(`:SOUR${n}:VOLT?`, signal);
      case 'current_set':
        await this.#set(`:SOUR${n}:CURR ${formatSetpoint(applied as number)}`, signal);
        return this.#queryNumber(`:SOUR${n}:CURR?`, signal);
      case 'output_enabled': {
        if (applied === true) {
          const trip = await this.#queryTrip(n, signal);
          if (trip !== 'none') {
            throw new DriverError(
              `${ch} tripped on ${trip.toUpperCase()}; clear protection first`,
              'invalid_value',
              {
                trip,
              },
            );
          }
        }
        await this.#set(`:OUTP ${ch},${applied === true ? 'ON' : 'OFF'}`, signal);
        return this.#queryOnOff(`:OUTP? ${ch}`, signal);
      }
      case 'ovp_level':
        await this.#set(`:OUTP:OVP:VAL ${ch},${formatSetpoint(applied as number)}`, signal);
        return this.#queryNumber(`:OUTP:OVP:VAL? ${ch}`, signal);
      case 'ocp_level':
        await this.#set(`:OUTP:OCP:VAL ${ch},${formatSetpoint(applied as number)}`, signal);
        return this.#queryNumber(`:OUTP:OCP:VAL? ${ch}`, signal);
      case 'ovp_enabled':
      case 'ocp_enabled': {
        const kind = parameter === 'ovp_enabled' ? 'OVP' : 'OCP';
        await this.#set(`:OUTP:${kind} ${ch},${applied === true ? 'ON' : 'OFF'}`, signal);
        return this.#queryOnOff(`:OUTP:${kind}? ${ch}`, signal);
      }
      case 'clear_protection':
        if (applied === true) {
          const trip = await this.#queryTrip(n, signal);
          await this.#set(`:OUTP:OVP:CLEAR ${ch}`, signal);
          await this.#set(`:OUTP:OCP:CLEAR ${ch}`, signal);
          this.#trips[n - 1] = 'none';
          if (trip !== 'none')
            this.#events.emit(protectionClearedEvent(this.id, n, trip, this.#clock.nowMs()));
        }
        return applied;
      case 'tracking_mode': {
        // The guide: CH1/CH2 track on the DP832, CH2/CH3 on the DP831 (CH1 answers NONE there).
        const tracked = `CH${this.#model.tracking?.[0] ?? 1}`;
        await this.#set(`:OUTP:TRAC ${tracked},${applied === 'track' ? 'ON' : 'OFF'}`, signal);
        return (await this.#queryOnOff(`:OUTP:TRAC? ${tracked}`, signal)) ? 'track' : 'independent';
      }
      default:
        throw new DriverError(`unknown parameter "${parameter}"`, 'unknown_parameter');
    }
  }

  async read(streamType: StreamType, _options?: ReadOptions, signal?: AbortSignal): Promise<StreamSample> {
    if (streamType !== 'readings') {
      throw new DriverError(`${this.id} has no ${streamType} stream`, 'invalid_value');
    }
    const timestampMs = this.#clock.nowMs();
    const readings: PsuChannelReading[] = [];
    for (let n = 1; n <= this.#model.outputs.length; n++) {
      const ch = `CH${n}`;
      const measured = parseMeasureAll(`:MEAS:ALL? ${ch}`, await this.#query(`:MEAS:ALL? ${ch}`, signal));
      const setpoints = parseApplyReply(`:APPL? ${ch}`, await this.#query(`:APPL? ${ch}`, signal));
      const on = await this.#queryOnOff(`:OUTP? ${ch}`, signal);
      const mode = (await this.#query(`:OUTP:MODE? ${ch}`, signal)).trim().toUpperCase();
      if (this.#lastOutputs[n - 1] === true && !on) await this.#queryTrip(n, signal);
      this.#lastOutputs[n - 1] = on;
      readings.push({
        channel: n,
        voltage_set: setpoints.voltageSetV,
        current_set: setpoints.currentSetA,
        voltage_actual: measured.voltageV,
        current_actual: measured.currentA,
        power: measured.powerW,
        output_enabled: on,
        in_cv_mode: on && mode === 'CV',
        in_cc_mode: on && mode === 'CC',
        timestamp: timestampMs,
      });
    }
    return { kind: 'readings', timestampMs, readings };
  }

  async enterSafeState(request: SafeStateRequest, signal?: AbortSignal): Promise<string> {
    if (request.mode === 'voltage') {
      const targetV = request.voltageV ?? 0;
      for (const [i, out] of this.#model.outputs.entries()) {
        const v = Math.min(Math.max(targetV, out.minVoltageV), out.maxVoltageV);
        await this.#set(`:SOUR${i + 1}:VOLT ${formatSetpoint(v)}`, signal);
      }
      return `outputs set to ${targetV} V`;
    }
    for (let n = 1; n <= this.#model.outputs.length; n++) await this.#set(`:OUTP CH${n},OFF`, signal);
    return 'outputs turned off';
  }

  onEvent(listener: (event: InstrumentEvent) => void): () => void {
    return this.#events.on(listener);
  }

  /** Link figures (query latency, bytes/s, timeouts, resyncs, errors) over the driver's life. */
  linkStats(): InstrumentLinkStats | undefined {
    return this.#scpiLink?.stats();
  }

  async close(): Promise<void> {
    const port = this.#port;
    this.#port = undefined;
    await port?.close();
  }

  /** Sends a setting, then asks `SYST:ERR?`: an error the instrument queued is thrown, not lost. */
  async #set(command: string, signal: AbortSignal | undefined): Promise<void> {
    await this.#link().write(command, { signal });
    const [code, message] = parseSystemError(await this.#query('SYST:ERR?', signal));
    if (code === 0) return;
    // Later entries would be misread as answers to the next setting: empty the queue.
    await this.#link().write('*CLS', { signal });
    throw new DriverError(
      `${this.#info.model} refused ${command}: ${code},"${message}"`,
      code === -222 ? 'out_of_range' : code <= -100 && code > -200 ? 'invalid_value' : 'fault',
      { scpi_error: code, command },
    );
  }

  async #query(command: string, signal: AbortSignal | undefined): Promise<string> {
    return this.#link().query(command, { signal });
  }

  async #queryNumber(command: string, signal: AbortSignal | undefined): Promise<number> {
    return this.#parse(
      () => this.#query(command, signal),
      (reply) => parseNumberReply(command, reply),
    );
  }

  async #queryOnOff(command: string, signal: AbortSignal | undefined): Promise<boolean> {
    return this.#parse(
      () => this.#query(command, signal),
      (reply) => parseOnOffReply(command, reply),
    );
  }

  /** Asks both trip flags of output `n`; a new trip becomes a protection_trip event. */
  async #queryTrip(n: number, signal: AbortSignal | undefined): Promise<Trip> {
    const ask = (kind: 'OVP' | 'OCP'): Promise<boolean> => {
      const command = `:OUTP:${kind}:QUES? CH${n}`;
      return this.#parse(
        () => this.#query(command, signal),
        (reply) => parseYesNoReply(command, reply),
      );
    };
    const trip: Trip = (await ask('OVP')) ? 'ovp' : (await ask('OCP')) ? 'ocp' : 'none';
    if (trip !== 'none' && this.#trips[n - 1] !== trip) this.#emitTrip(n, trip);
    this.#trips[n - 1] = trip;
    return trip;
  }

  /** A reply that was framed but makes no sense means the link is out of step: resync before rethrowing. */
  async #parse<T>(ask: () => Promise<string>, parse: (reply: string) => T): Promise<T> {
    const reply = await ask();
    try {
      return parse(reply);
    } catch (err) {
      await this.#port?.resync();
      throw err;
    }
  }

  #emitTrip(channel: number, trip: 'ovp' | 'ocp'): void {
    const what = trip === 'ovp' ? 'over-voltage protection (OVP)' : 'over-current protection (OCP)';
    this.#events.emit({
      equipmentId: this.id,
      level: 'alarm',
      kind: 'protection_trip',
      channel,
      message: `CH${channel} output turned off by ${what}`,
      details: { trip },
      timestampMs: this.#clock.nowMs(),
    });
  }

  #link(): ScpiPort {
    if (!this.#port)
      throw new DriverError(`${formatAddress(this.#endpoint)} is not connected`, 'disconnected');
    return this.#port;
  }
}

/** A setpoint as sent: plain decimal at 1 µ resolution, no exponent (the DP800 parses both; this reads well). */
function formatSetpoint(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}
