/**
 * The DS1000Z command set the emulator answers: what Benchtop's driver, sigrok's rigol-ds driver and
 * PyVISA scripts send (DS1000Z programming guide). Queries answer in the instrument's formats: `%e` floats,
 * `1`/`0` for booleans, short-form words.
 */
import {
  DS1000Z_SCREEN_POINTS,
  DS1000Z_TIMEBASES_S,
  DS1000Z_VOLTS_PER_DIV,
  DS1000Z_Y_REFERENCE,
  ds1000zMemoryDepths,
  nearestStep,
} from '../../instruments/index.js';
import { ScpiError } from '../core/ScpiError.js';
import {
  scpiError,
  paddedBlock,
  formatE,
  parseScpiBool,
  parseScpiChoice,
  parseScpiNumber,
  type ScopeCommand,
} from '../scope/scpiText.js';
import { DS1054Z_MAX_HOLDOFF_S, DS1054Z_MIN_HOLDOFF_S, type Ds1054zState } from './Ds1054zState.js';
import {
  defaultWaveformSettings,
  preamble,
  waveformData,
  yIncrementV,
  type WaveformFormat,
  type WaveformMode,
  type WaveformSettings,
} from './ds1054zWaveform.js';

/** The commands, bound to one emulated instrument's state (`*IDN?`, `*OPC?`, `SYST:ERR?` are the core's). */
export function ds1054zCommands(state: Ds1054zState): ScopeCommand[] {
  let wave: WaveformSettings = defaultWaveformSettings();
  const channel = (suffixes: readonly (number | undefined)[]): Ds1054zState['channels'][number] => {
    const ch = state.channels[(suffixes[0] ?? 1) - 1];
    if (!ch) throw scpiError(-114, 'Header suffix out of range');
    return ch;
  };
  const changed = (): undefined => {
    state.settingsChanged();
    return undefined;
  };
  const sourceOf = (args: string): number => {
    const match = /^CHAN(?:NEL)?([1-4])$/i.exec(args);
    const n = match ? Number(match[1]) : 0;
    if (n < 1 || n > state.channels.length) throw scpiError(-224, 'Illegal parameter value');
    return n;
  };
  // Offsets and levels beyond the scope's limits are set to the limit, as the front panel does.
  const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));
  const inRange = (value: number, min: number, max: number): number => {
    if (value < min || value > max) throw scpiError(-222, 'Data out of range');
    return value;
  };
  return [
    { pattern: ':RUN', handle: () => state.run() },
    { pattern: ':STOP', handle: () => state.stop() },
    { pattern: ':SINGle', handle: () => state.single() },
    // Channels.
    { pattern: ':CHANnel#:DISPlay?', handle: (_, s) => (channel(s).enabled ? '1' : '0') },
    {
      pattern: ':CHANnel#:DISPlay',
      handle: (args, s) => {
        channel(s).enabled = parseScpiBool(args);
        return changed();
      },
    },
    { pattern: ':CHANnel#:SCALe?', handle: (_, s) => formatE(channel(s).voltsPerDiv * channel(s).probe) },
    {
      pattern: ':CHANnel#:SCALe',
      handle: (args, s) => {
        const ch = channel(s);
        const perDiv = parseScpiNumber(args) / ch.probe;
        inRange(perDiv, DS1000Z_VOLTS_PER_DIV[0]! * 0.999, DS1000Z_VOLTS_PER_DIV.at(-1)! * 1.001);
        ch.voltsPerDiv = nearestStep(DS1000Z_VOLTS_PER_DIV, perDiv);
        return changed();
      },
    },
    { pattern: ':CHANnel#:OFFSet?', handle: (_, s) => formatE(channel(s).offsetV) },
    {
      pattern: ':CHANnel#:OFFSet',
      handle: (args, s) => {
        const ch = channel(s);
        // The guide's range: ±100 V from 500 mV/div up, ±2 V below (1× probe).
        const limitV = ch.voltsPerDiv >= 0.5 ? 100 : 2;
        ch.offsetV = clamp(parseScpiNumber(args), -limitV, limitV);
        return changed();
      },
    },
    { pattern: ':CHANnel#:COUPling?', handle: (_, s) => channel(s).coupling.toUpperCase() },
    {
      pattern: ':CHANnel#:COUPling',
      handle: (args, s) => {
        const choice = parseScpiChoice(args, ['AC', 'DC', 'GND']);
        if (choice === 'GND') throw scpiError(-221, 'Settings conflict; GND coupling is not emulated');
        channel(s).coupling = choice === 'AC' ? 'ac' : 'dc';
        return changed();
      },
    },
    { pattern: ':CHANnel#:PROBe?', handle: (_, s) => formatE(channel(s).probe) },
    // Timebase and acquisition.
    { pattern: ':TIMebase:SCALe?', handle: () => formatE(state.timebaseS) },
    { pattern: ':TIMebase:MAIN:SCALe?', handle: () => formatE(state.timebaseS) },
    ...[':TIMebase:SCALe', ':TIMebase:MAIN:SCALe'].map((pattern) => ({
      pattern,
      handle: (args: string) => {
        const value = parseScpiNumber(args);
        inRange(value, DS1000Z_TIMEBASES_S[0]! * 0.999, DS1000Z_TIMEBASES_S.at(-1)! * 1.001);
        state.timebaseS = nearestStep(DS1000Z_TIMEBASES_S, value);
        return changed();
      },
    })),
    { pattern: ':TIMebase:OFFSet?', handle: () => formatE(state.timebaseOffsetS) },
    { pattern: ':TIMebase:MAIN:OFFSet?', handle: () => formatE(state.timebaseOffsetS) },
    ...[':TIMebase:OFFSet', ':TIMebase:MAIN:OFFSet'].map((pattern) => ({
      pattern,
      handle: (args: string) => {
        // Up to the whole screen either side of the centre (the guide allows more when stopped).
        const limitS = 6 * state.timebaseS;
        state.timebaseOffsetS = clamp(parseScpiNumber(args), -limitS, limitS);
        return changed();
      },
    })),
    {
      pattern: ':ACQuire:MDEPth?',
      handle: () => (state.memoryDepth === undefined ? 'AUTO' : String(state.memoryDepth)),
    },
    {
      pattern: ':ACQuire:MDEPth',
      handle: (args) => {
        if (args.toUpperCase() === 'AUTO') {
          state.memoryDepth = undefined;
          return changed();
        }
        const depth = parseScpiNumber(args);
        if (!ds1000zMemoryDepths(state.enabledCount).includes(depth)) {
          throw scpiError(-224, 'Illegal parameter value');
        }
        state.memoryDepth = depth;
        return changed();
      },
    },
    { pattern: ':ACQuire:SRATe?', handle: () => formatE(state.sampleRateHz) },
    // Trigger.
    { pattern: ':TRIGger:STATus?', handle: () => state.triggerStatus() },
    { pattern: ':TRIGger:MODE?', handle: () => 'EDGE' },
    { pattern: ':TRIGger:SWEep?', handle: () => state.sweep },
    {
      pattern: ':TRIGger:SWEep',
      handle: (args) => {
        const sweep = parseScpiChoice(args, ['AUTO', 'NORMal', 'SINGle']) as 'AUTO' | 'NORM' | 'SING';
        if (sweep === 'SING') state.single();
        else state.sweep = sweep;
        return changed();
      },
    },
    { pattern: ':TRIGger:EDGe:SOURce?', handle: () => `CHAN${state.triggerSource}` },
    {
      pattern: ':TRIGger:EDGe:SOURce',
      handle: (args) => {
        state.triggerSource = sourceOf(args);
        return changed();
      },
    },
    { pattern: ':TRIGger:EDGe:LEVel?', handle: () => formatE(state.triggerLevelV) },
    {
      pattern: ':TRIGger:EDGe:LEVel',
      handle: (args) => {
        // The guide: ±5 divisions about the screen centre of the source.
        const ch = state.channels[state.triggerSource - 1]!;
        const spanV = 5 * ch.voltsPerDiv;
        state.triggerLevelV = clamp(parseScpiNumber(args), -ch.offsetV - spanV, -ch.offsetV + spanV);
        return changed();
      },
    },
    { pattern: ':TRIGger:EDGe:SLOPe?', handle: () => state.triggerSlope },
    {
      pattern: ':TRIGger:EDGe:SLOPe',
      handle: (args) => {
        state.triggerSlope = parseScpiChoice(args, ['POSitive', 'NEGative', 'RFALl']) as
          'POS' | 'NEG' | 'RFAL';
        return changed();
      },
    },
    { pattern: ':TRIGger:HOLDoff?', handle: () => formatE(state.triggerHoldoffS) },
    {
      pattern: ':TRIGger:HOLDoff',
      handle: (args) => {
        state.triggerHoldoffS = clamp(parseScpiNumber(args), DS1054Z_MIN_HOLDOFF_S, DS1054Z_MAX_HOLDOFF_S);
        return changed();
      },
    },
    // Waveform reads.
    { pattern: ':WAVeform:SOURce?', handle: () => `CHAN${wave.source}` },
    {
      pattern: ':WAVeform:SOURce',
      handle: (args) => {
        wave = { ...wave, source: sourceOf(args) };
      },
    },
    { pattern: ':WAVeform:MODE?', handle: () => wave.mode },
    {
      pattern: ':WAVeform:MODE',
      handle: (args) => {
        wave = { ...wave, mode: parseScpiChoice(args, ['NORMal', 'MAXimum', 'RAW']) as WaveformMode };
      },
    },
    { pattern: ':WAVeform:FORMat?', handle: () => wave.format },
    {
      pattern: ':WAVeform:FORMat',
      handle: (args) => {
        wave = { ...wave, format: parseScpiChoice(args, ['WORD', 'BYTE', 'ASCii']) as WaveformFormat };
      },
    },
    { pattern: ':WAVeform:STARt?', handle: () => String(wave.start) },
    {
      pattern: ':WAVeform:STARt',
      handle: (args) => {
        wave = { ...wave, start: Math.round(inRange(parseScpiNumber(args), 1, 24_000_000)) };
      },
    },
    { pattern: ':WAVeform:STOP?', handle: () => String(wave.stop) },
    {
      pattern: ':WAVeform:STOP',
      handle: (args) => {
        wave = { ...wave, stop: Math.round(inRange(parseScpiNumber(args), 1, 24_000_000)) };
      },
    },
    { pattern: ':WAVeform:PREamble?', handle: () => preamble(state, wave) },
    { pattern: ':WAVeform:POINts?', handle: () => String(DS1000Z_SCREEN_POINTS) },
    { pattern: ':WAVeform:YINCrement?', handle: () => formatE(yIncrementV(state, wave.source)) },
    {
      pattern: ':WAVeform:YORigin?',
      handle: () => formatE(state.channels[wave.source - 1]!.offsetV / yIncrementV(state, wave.source)),
    },
    { pattern: ':WAVeform:YREFerence?', handle: () => String(DS1000Z_Y_REFERENCE) },
    {
      pattern: ':WAVeform:DATA?',
      handle: (_args, _s, context) => {
        try {
          return paddedBlock(waveformData(state, wave), 9);
        } catch (err) {
          // The instrument answers an empty block and queues the error, so a reader is never left waiting.
          if (!(err instanceof ScpiError)) throw err;
          context.queueError(err);
          return paddedBlock(new Uint8Array(0), 9);
        }
      },
    },
  ];
}
