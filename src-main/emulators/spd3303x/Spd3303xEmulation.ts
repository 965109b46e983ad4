/**
 * An emulated Siglent SPD3303X / SPD3303X-E: its own command dialect (`CH1:VOLT 5`, `MEAS:VOLT? CH1`,
 * `OUTP CH1,ON`, `OUTP:TRACK 1`, `SYST:STAT?`) over the shared output physics. Two quirks that bite drivers
 * are kept, no stricter than the instrument: a command that comes sooner than `minCommandGapMs` after the
 * previous one is lost (not carried out, not answered), and `*OPC?` is never answered. There is no OVP or
 * OCP; CH3's voltage is a front-panel switch, so only its on/off state exists here.
 */
import {
  SPD3303X_TRACKING_MODES,
  type Spd3303xModel,
  type Spd3303xTrackingMode,
} from '../../instruments/index.js';
import { booleanParam, choiceParam, formatFixed, noMoreParams, numberParam } from '../core/parameters.js';
import { SCPI_ERRORS } from '../core/ScpiError.js';
import type {
  CommandContext,
  CommandDefinition,
  EmulatedInstrument,
  EmulatorContext,
} from '../core/types.js';
import { EmulatedOutputs } from '../supplyOutputs/EmulatedOutputs.js';

export interface Spd3303xEmulationOptions {
  /** Load across CH1 and CH2, Ω (default 10 Ω each). */
  loadsOhm?: readonly number[];
  /**
   * Commands closer together than this are lost, ms (default 10: users report 10–20 ms is needed; 0 turns
   * the quirk off).
   */
  minCommandGapMs?: number;
}

const round = (value: number, step: number): number => Math.round(value / step) * step;

/** Coupling bits 2–3 of the status word, per the guide: 01 independent, 10 parallel, 11 series. */
const COUPLING_BITS: Record<Spd3303xTrackingMode, number> = {
  independent: 0b01,
  parallel: 0b10,
  series: 0b11,
};

export class Spd3303xEmulation implements EmulatedInstrument {
  readonly commands: readonly CommandDefinition[];
  readonly #model: Spd3303xModel;
  readonly #context: EmulatorContext;
  /** Load across CH1 and CH2, Ω; kept through *RST (it is the bench wiring, not a setting). */
  readonly #loadsOhm: number[];
  /** Commands closer together than this are lost, ms. */
  #minCommandGapMs: number;
  readonly #serial: string;
  #outputs!: EmulatedOutputs;
  #selected = 1;
  #tracking: Spd3303xTrackingMode = 'independent';
  #ch3On = false;
  #waveDisplay = [false, false];
  #lastCommandMs: number | undefined;
  /** Commands lost for coming too soon (for tests and the command line's summary). */
  lostCommands = 0;

  constructor(model: Spd3303xModel, context: EmulatorContext, options: Spd3303xEmulationOptions = {}) {
    this.#model = model;
    this.#context = context;
    this.#loadsOhm = [0, 1].map((i) => options.loadsOhm?.[i] ?? 10);
    this.#minCommandGapMs = options.minCommandGapMs ?? 10;
    this.#serial = `SPD3XIDD${String(4_000_000 + (context.seed % 1_000_000)).padStart(7, '0')}`;
    this.reset();
    this.commands = this.#commandTable();
  }

  identity(): string {
    return `Siglent Technologies,${this.#model.model},${this.#serial},1.01.01.02.07R2,V3.0`;
  }

  reset(): void {
    this.#outputs = new EmulatedOutputs(
      [0, 1].map((i) => ({
        maxVoltageV: this.#model.maxVoltageV,
        maxCurrentA: this.#model.maxCurrentA,
        loadResistanceOhm: this.#loadsOhm[i]!,
      })),
      this.#context.clock,
      { noProtection: true },
    );
    this.#selected = 1;
    this.#tracking = 'independent';
    this.#ch3On = false;
    this.#waveDisplay = [false, false];
  }

  get outputs(): EmulatedOutputs {
    return this.#outputs;
  }

  /** Wires a resistive load across CH1 or CH2 (the command line's `--load`). */
  setLoadOhm(channel: number, ohms: number): void {
    this.#loadsOhm[channel - 1] = ohms;
    this.#outputs.update(channel, { loadResistanceOhm: ohms });
  }

  /** Changes the gap under which commands are lost, ms (0: none; the command line's `--command-gap-ms`). */
  setMinCommandGapMs(gapMs: number): void {
    this.#minCommandGapMs = gapMs;
  }

  /** CH3's output switch (its voltage is set on the front panel). */
  get ch3On(): boolean {
    return this.#ch3On;
  }

  /** The status word as `SYST:STAT?` answers it, e.g. `0x0224`. */
  statusWord(): number {
    const view = [this.#outputs.view(1), this.#outputs.view(2)];
    let word = COUPLING_BITS[this.#tracking] << 2;
    view.forEach((v, i) => {
      if (v.mode === 'cc') word |= 1 << i;
      if (v.state.outputEnabled) word |= 1 << (4 + i);
      if (this.#waveDisplay[i]) word |= 1 << (8 + i);
    });
    return word;
  }

  /**
   * A message that arrives sooner than the command gap after the previous one is lost; judged by when it
   * arrived, not when it runs (messages that waited behind a slow reply run back to back).
   */
  accepts(_line: string, receivedAgoMs: number): boolean {
    const gapMs = this.#minCommandGapMs;
    // A gap of 0 loses nothing (and a test's manual clock need not agree with the session's real one).
    if (gapMs <= 0) return true;
    const nowMs = this.#context.clock.nowMs() - receivedAgoMs;
    const last = this.#lastCommandMs;
    this.#lastCommandMs = nowMs;
    if (last !== undefined && nowMs - last < gapMs) {
      this.lostCommands++;
      return false;
    }
    return true;
  }

  #commandTable(): CommandDefinition[] {
    const number = (value: number) => formatFixed(value, 3);
    return [
      { pattern: 'CH#:VOLTage', run: (c) => this.#set(this.#suffix(c), c.params, 'voltageSetV') },
      {
        pattern: 'CH#:VOLTage?',
        run: (c) => number(this.#setting(this.#suffix(c), c.params, 'voltageSetV')),
      },
      { pattern: 'CH#:CURRent', run: (c) => this.#set(this.#suffix(c), c.params, 'currentLimitA') },
      {
        pattern: 'CH#:CURRent?',
        run: (c) => number(this.#setting(this.#suffix(c), c.params, 'currentLimitA')),
      },
      { pattern: 'VOLTage', run: (c) => this.#set(this.#selected, c.params, 'voltageSetV') },
      { pattern: 'VOLTage?', run: (c) => number(this.#setting(this.#selected, c.params, 'voltageSetV')) },
      { pattern: 'CURRent', run: (c) => this.#set(this.#selected, c.params, 'currentLimitA') },
      { pattern: 'CURRent?', run: (c) => number(this.#setting(this.#selected, c.params, 'currentLimitA')) },
      { pattern: 'MEASure:VOLTage?', run: (c) => number(this.#outputs.view(this.#measured(c)).voltageV) },
      { pattern: 'MEASure:CURRent?', run: (c) => number(this.#outputs.view(this.#measured(c)).currentA) },
      {
        pattern: 'MEASure:POWEr?',
        run: (c) => {
          const view = this.#outputs.view(this.#measured(c));
          return number(view.voltageV * view.currentA);
        },
      },
      {
        pattern: 'OUTPut',
        run: ({ params }) => {
          noMoreParams(params, 2);
          const channel = Number(choiceParam(params, 0, ['CH1', 'CH2', 'CH3']).slice(2));
          const on = booleanParam(params, 1);
          if (channel === 3) this.#ch3On = on;
          else if (this.#tracking === 'independent') this.#outputs.update(channel, { outputEnabled: on });
          // Coupled, CH1 and CH2 are one output: either switch turns both.
          else for (const c of [1, 2]) this.#outputs.update(c, { outputEnabled: on });
          return undefined;
        },
      },
      {
        pattern: 'OUTPut:TRACK',
        run: ({ params }) => {
          noMoreParams(params, 1);
          const mode = SPD3303X_TRACKING_MODES[numberParam(params, 0, { min: 0, max: 2, keywords: false })];
          if (mode === undefined || !Number.isInteger(Number(params[0])))
            throw SCPI_ERRORS.illegalParameter();
          this.#tracking = mode;
          if (mode !== 'independent') {
            const ch1 = this.#outputs.view(1).state;
            this.#outputs.update(2, {
              voltageSetV: ch1.voltageSetV,
              currentLimitA: ch1.currentLimitA,
              outputEnabled: ch1.outputEnabled,
            });
          }
          return undefined;
        },
      },
      {
        pattern: 'OUTPut:WAVE',
        run: ({ params }) => {
          noMoreParams(params, 2);
          const channel = Number(choiceParam(params, 0, ['CH1', 'CH2']).slice(2));
          this.#waveDisplay[channel - 1] = booleanParam(params, 1);
          return undefined;
        },
      },
      {
        pattern: 'INSTrument',
        run: ({ params }) => {
          noMoreParams(params, 1);
          this.#selected = Number(choiceParam(params, 0, ['CH1', 'CH2']).slice(2));
          return undefined;
        },
      },
      { pattern: 'INSTrument?', run: () => `CH${this.#selected}` },
      {
        pattern: 'SYSTem:STATus?',
        run: ({ params }) => {
          noMoreParams(params, 0);
          return `0x${this.statusWord().toString(16).padStart(4, '0').toUpperCase()}`;
        },
      },
      // The instrument does not implement *OPC?: it neither answers nor queues an error.
      { pattern: '*OPC?', run: () => undefined },
    ];
  }

  #suffix(context: CommandContext): number {
    const channel = context.suffixes[0];
    if (channel !== 1 && channel !== 2) throw SCPI_ERRORS.undefinedHeader();
    return channel;
  }

  /** The channel a MEAS query names (`CH1`), else the selected one. */
  #measured(context: CommandContext): number {
    noMoreParams(context.params, 1);
    if (context.params.length === 0) return this.#selected;
    return Number(choiceParam(context.params, 0, ['CH1', 'CH2']).slice(2));
  }

  #setting(channel: number, params: readonly string[], key: 'voltageSetV' | 'currentLimitA'): number {
    noMoreParams(params, 0);
    return this.#outputs.view(channel).state[key];
  }

  #set(channel: number, params: readonly string[], key: 'voltageSetV' | 'currentLimitA'): undefined {
    noMoreParams(params, 1);
    const max = key === 'voltageSetV' ? this.#model.maxVoltageV : this.#model.maxCurrentA;
    const value = round(numberParam(params, 0, { min: 0, max, keywords: false }), this.#model.step);
    // Coupled, CH1 sets both outputs and CH2's own settings are not used.
    const channels = this.#tracking === 'independent' ? [channel] : channel === 1 ? [1, 2] : [];
    for (const c of channels) this.#outputs.update(c, { [key]: value });
    return undefined;
  }
}
