/**
 * An emulated Keysight E36311A / E36312A / E36313A: the programming guide's command set over the shared
 * output physics (CV/CC follows each output's load). Settings take a channel list (`VOLT 5,(@1)`) or act on
 * the output `INST:NSEL` selected; queries with a list answer one value per channel, comma-separated.
 * Behaviour that bites drivers is kept: OVP is always armed, OCP trips when the output goes into current
 * limit, and `OUTP:PROT:CLE` turns an output the trip switched off back on.
 */
import { E36300_STEP, type E36300Model, type E36300Output, voltageRange } from '../../instruments/index.js';
import { booleanParam, choiceParam, noMoreParams, numberParam } from '../core/parameters.js';
import { SCPI_ERRORS } from '../core/ScpiError.js';
import type {
  CommandContext,
  CommandDefinition,
  EmulatedInstrument,
  EmulatorContext,
} from '../core/types.js';
import { EmulatedOutputs } from '../supplyOutputs/EmulatedOutputs.js';
import { formatNr3, splitChannelList } from './channelList.js';

export interface E36300EmulationOptions {
  /** Load across each output, Ω (default 10 Ω each). */
  loadsOhm?: readonly number[];
}

type Pairing = 'OFF' | 'PAR' | 'SER';

const round = (value: number, step: number): number => Math.round(value / step) * step;

export class E36300Emulation implements EmulatedInstrument {
  readonly commands: readonly CommandDefinition[];
  readonly #model: E36300Model;
  readonly #context: EmulatorContext;
  /** Load across each output, Ω; kept through *RST (it is the bench wiring, not a setting). */
  readonly #loadsOhm: number[];
  readonly #serial: string;
  #outputs!: EmulatedOutputs;
  #selected = 1;
  #pairing: Pairing = 'OFF';
  #tracking = false;

  constructor(model: E36300Model, context: EmulatorContext, options: E36300EmulationOptions = {}) {
    this.#model = model;
    this.#context = context;
    this.#loadsOhm = model.outputs.map((_, i) => options.loadsOhm?.[i] ?? 10);
    this.#serial = `MY${String(59_000_000 + (context.seed % 1_000_000)).padStart(8, '0')}`;
    this.reset();
    this.commands = this.#commandTable();
  }

  identity(): string {
    return `Keysight Technologies,${this.#model.model},${this.#serial},2.1.0-1.0.4-1.12`;
  }

  reset(): void {
    this.#outputs = new EmulatedOutputs(
      this.#model.outputs.map((o, i) => ({
        maxVoltageV: o.maxVoltageV,
        maxCurrentA: o.maxCurrentA,
        loadResistanceOhm: this.#loadsOhm[i]!,
      })),
      this.#context.clock,
      { ocpTripsInCurrentLimit: true },
    );
    this.#model.outputs.forEach((o, i) => this.#outputs.update(i + 1, { ovpLevelV: o.ovpMaxV }));
    this.#selected = 1;
    this.#pairing = 'OFF';
    this.#tracking = false;
  }

  /** The physics, for tests. */
  get outputs(): EmulatedOutputs {
    return this.#outputs;
  }

  get channelCount(): number {
    return this.#model.outputs.length;
  }

  /** Wires a resistive load across output `channel` (the command line's `--load`). */
  setLoadOhm(channel: number, ohms: number): void {
    this.#loadsOhm[channel - 1] = ohms;
    this.#outputs.update(channel, { loadResistanceOhm: ohms });
  }

  #commandTable(): CommandDefinition[] {
    const pairing = this.#model.trackingModes.includes('series');
    const level = '[:LEVel][:IMMediate][:AMPLitude]';
    const table: CommandDefinition[] = [
      { pattern: `[:SOURce]:VOLTage${level}`, run: (c) => this.#set(c, 'voltage') },
      { pattern: `[:SOURce]:VOLTage${level}?`, run: (c) => this.#query(c, 'voltage') },
      { pattern: `[:SOURce]:CURRent${level}`, run: (c) => this.#set(c, 'current') },
      { pattern: `[:SOURce]:CURRent${level}?`, run: (c) => this.#query(c, 'current') },
      { pattern: '[:SOURce]:VOLTage:PROTection[:LEVel]', run: (c) => this.#set(c, 'ovp') },
      { pattern: '[:SOURce]:VOLTage:PROTection[:LEVel]?', run: (c) => this.#query(c, 'ovp') },
      { pattern: '[:SOURce]:CURRent:PROTection:STATe', run: (c) => this.#setOcp(c) },
      {
        pattern: '[:SOURce]:CURRent:PROTection:STATe?',
        run: (c) => this.#each(c, (ch) => (this.#outputs.view(ch).state.ocpEnabled ? '1' : '0')),
      },
      {
        pattern: '[:SOURce]:VOLTage:PROTection:TRIPped?',
        run: (c) => this.#each(c, (ch) => (this.#outputs.view(ch).state.trip === 'ovp' ? '1' : '0')),
      },
      {
        pattern: '[:SOURce]:CURRent:PROTection:TRIPped?',
        run: (c) => this.#each(c, (ch) => (this.#outputs.view(ch).state.trip === 'ocp' ? '1' : '0')),
      },
      { pattern: ':OUTPut[:STATe]', run: (c) => this.#setOutput(c) },
      {
        pattern: ':OUTPut[:STATe]?',
        run: (c) => this.#each(c, (ch) => (this.#outputs.view(ch).state.outputEnabled ? '1' : '0')),
      },
      { pattern: ':OUTPut:PROTection:CLEar', run: (c) => this.#clear(c) },
      {
        pattern: ':MEASure[:SCALar]:VOLTage[:DC]?',
        run: (c) => this.#each(c, (ch) => formatNr3(this.#signed(ch, this.#outputs.view(ch).voltageV))),
      },
      {
        pattern: ':MEASure[:SCALar]:CURRent[:DC]?',
        run: (c) => this.#each(c, (ch) => formatNr3(this.#outputs.view(ch).currentA)),
      },
      {
        pattern: ':STATus:QUEStionable:INSTrument:ISUMmary#:CONDition?',
        run: ({ suffixes, params }) => {
          noMoreParams(params, 0);
          const channel = suffixes[0] ?? 1;
          if (channel < 1 || channel > this.#model.outputs.length) throw SCPI_ERRORS.undefinedHeader();
          const mode = this.#outputs.view(channel).mode;
          // Bit 0: constant current; bit 1: constant voltage; neither: off or unregulated.
          return mode === 'cc' ? '1' : mode === 'cv' ? '2' : '0';
        },
      },
      {
        pattern: ':INSTrument:NSELect',
        run: ({ params }) => {
          noMoreParams(params, 1);
          this.#selected = numberParam(params, 0, {
            min: 1,
            max: this.#model.outputs.length,
            keywords: false,
          });
          return undefined;
        },
      },
      { pattern: ':INSTrument:NSELect?', run: () => String(this.#selected) },
      {
        pattern: ':INSTrument[:SELect]',
        run: ({ params }) => {
          noMoreParams(params, 1);
          const names = this.#model.outputs.flatMap((_, i) => [`CH${i + 1}`, `OUTPut${i + 1}`]);
          const name = choiceParam(params, 0, names);
          this.#selected = Number(name.replace(/\D/g, ''));
          return undefined;
        },
      },
      { pattern: ':INSTrument[:SELect]?', run: () => `CH${this.#selected}` },
      {
        pattern: ':OUTPut:TRACk[:STATe]',
        run: ({ params }) => {
          noMoreParams(params, 1);
          const on = booleanParam(params, 0);
          if (on && this.#pairing !== 'OFF') throw SCPI_ERRORS.settingsConflict();
          this.#tracking = on;
          if (on) this.#mirror(2, 'voltageSetV');
          return undefined;
        },
      },
      { pattern: ':OUTPut:TRACk[:STATe]?', run: () => (this.#tracking ? '1' : '0') },
      { pattern: ':SYSTem:REMote', run: () => undefined },
      { pattern: ':SYSTem:LOCal', run: () => undefined },
      { pattern: ':SYSTem:RWLock', run: () => undefined },
    ];
    if (pairing) {
      table.push(
        {
          pattern: ':OUTPut:PAIR',
          run: ({ params }) => {
            noMoreParams(params, 1);
            const mode = choiceParam(params, 0, ['OFF', 'PARallel', 'SERies']).slice(0, 3) as Pairing;
            if (mode !== 'OFF' && this.#tracking) throw SCPI_ERRORS.settingsConflict();
            this.#pairing = mode;
            if (mode !== 'OFF') {
              this.#mirror(2, 'voltageSetV');
              this.#mirror(2, 'currentLimitA');
              this.#mirror(2, 'outputEnabled');
            }
            return undefined;
          },
        },
        { pattern: ':OUTPut:PAIR?', run: () => this.#pairing },
      );
    }
    return table;
  }

  /** The channels a command names: its list, else the selected output. */
  #channels(context: CommandContext, valueCount: number): { values: string[]; channels: number[] } {
    const { values, channels } = splitChannelList(context.params, this.#model.outputs.length);
    noMoreParams(values, valueCount);
    return { values, channels: channels ?? [this.#selected] };
  }

  #each(context: CommandContext, answer: (channel: number) => string): string {
    return this.#channels(context, 0).channels.map(answer).join(',');
  }

  #query(context: CommandContext, what: 'voltage' | 'current' | 'ovp'): string {
    const { values, channels } = this.#channels(context, 1);
    const keyword = values[0]?.toUpperCase();
    return channels
      .map((ch) => {
        const range = this.#range(this.#output(ch), what);
        if (keyword === 'MIN' || keyword === 'MINIMUM') return formatNr3(range.min);
        if (keyword === 'MAX' || keyword === 'MAXIMUM') return formatNr3(range.max);
        if (keyword !== undefined) throw SCPI_ERRORS.illegalParameter();
        const state = this.#outputs.view(ch).state;
        if (what === 'voltage') return formatNr3(this.#signed(ch, state.voltageSetV));
        return formatNr3(what === 'current' ? state.currentLimitA : state.ovpLevelV);
      })
      .join(',');
  }

  #set(context: CommandContext, what: 'voltage' | 'current' | 'ovp'): undefined {
    const { values, channels } = this.#channels(context, 1);
    // Every channel is checked before any changes: a refused list changes nothing.
    const settings = channels.map((ch) => {
      const range = this.#range(this.#output(ch), what);
      return { ch, value: round(numberParam(values, 0, range), E36300_STEP) };
    });
    for (const { ch } of settings) {
      if (this.#pairing !== 'OFF' && ch === 3 && what !== 'ovp') throw SCPI_ERRORS.settingsConflict();
    }
    for (const { ch, value } of settings) {
      const magnitude = Math.abs(value);
      if (what === 'voltage') this.#outputs.update(ch, { voltageSetV: magnitude });
      else if (what === 'current') this.#outputs.update(ch, { currentLimitA: magnitude });
      else this.#outputs.update(ch, { ovpLevelV: magnitude });
      const coupled = this.#pairing !== 'OFF' || (this.#tracking && what === 'voltage');
      if (coupled && ch === 2 && what !== 'ovp') {
        this.#mirror(2, what === 'voltage' ? 'voltageSetV' : 'currentLimitA');
      } else if (this.#tracking && what === 'voltage' && ch === 3) {
        this.#outputs.update(2, { voltageSetV: Math.min(magnitude, this.#model.outputs[1]!.maxVoltageV) });
      }
    }
    return undefined;
  }

  #setOutput(context: CommandContext): undefined {
    const { values, channels } = this.#channels(context, 1);
    const on = booleanParam(values, 0);
    for (const ch of channels) {
      // A latched protection keeps the output off until it is cleared.
      if (on && this.#outputs.view(ch).state.trip !== undefined) continue;
      this.#outputs.update(ch, { outputEnabled: on });
      if (this.#pairing !== 'OFF' && ch === 2) this.#mirror(2, 'outputEnabled');
    }
    return undefined;
  }

  #setOcp(context: CommandContext): undefined {
    const { values, channels } = this.#channels(context, 1);
    const on = booleanParam(values, 0);
    for (const ch of channels) this.#outputs.update(ch, { ocpEnabled: on });
    return undefined;
  }

  #clear(context: CommandContext): undefined {
    const { channels } = this.#channels(context, 0);
    for (const ch of channels) this.#outputs.clearTrip(ch, true);
    return undefined;
  }

  /** Copies a setting of output `from` to its partner (outputs 2 and 3 are the coupled pair). */
  #mirror(from: 2, key: 'voltageSetV' | 'currentLimitA' | 'outputEnabled'): void {
    const value = this.#outputs.view(from).state[key];
    const limits = this.#outputs.limits(3);
    if (key === 'voltageSetV')
      this.#outputs.update(3, { voltageSetV: Math.min(value as number, limits.maxVoltageV) });
    else if (key === 'currentLimitA') {
      this.#outputs.update(3, { currentLimitA: Math.min(value as number, limits.maxCurrentA) });
    } else if (this.#outputs.view(3).state.trip === undefined)
      this.#outputs.update(3, { outputEnabled: value as boolean });
  }

  #output(channel: number): E36300Output {
    return this.#model.outputs[channel - 1]!;
  }

  #range(output: E36300Output, what: 'voltage' | 'current' | 'ovp'): { min: number; max: number } {
    if (what === 'voltage') return voltageRange(output);
    if (what === 'current') return { min: output.minCurrentA, max: output.maxCurrentA };
    return { min: output.ovpMinV, max: output.ovpMaxV };
  }

  /** A voltage of `channel` with the sign of its terminals (the E36311A's third output is negative). */
  #signed(channel: number, magnitudeV: number): number {
    return this.#output(channel).negative && magnitudeV !== 0 ? -magnitudeV : magnitudeV;
  }
}
