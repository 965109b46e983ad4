/**
 * The InfiniiVision X command set the emulator answers (1000/2000/3000 X programmer's guides): what
 * Benchtop's driver and PyVISA scripts send. Numbers answer in NR3 with a sign (`+1.00000000E-03`),
 * integers as `+1`, booleans as `1`/`0`.
 */
import { INFINIIVISION_MAX_TIMEBASE_S, INFINIIVISION_POINTS } from '../../instruments/index.js';
import { ScpiError } from '../core/ScpiError.js';
import {
  scpiError,
  paddedBlock,
  formatNr3,
  parseScpiBool,
  parseScpiChoice,
  parseScpiNumber,
  type ScopeCommand,
} from '../scope/scpiText.js';
import { DSOX_MAX_HOLDOFF_S, DSOX_MIN_HOLDOFF_S, type DsoxState } from './DsoxState.js';
import {
  defaultDsoxWaveform,
  dsoxPoints,
  dsoxPreamble,
  dsoxWaveformData,
  type DsoxWaveformSettings,
} from './dsoxWaveform.js';

/** The commands, bound to one emulated instrument's state (`*IDN?`, `*OPC?`, `SYST:ERR?` are the core's). */
export function dsoxCommands(state: DsoxState): ScopeCommand[] {
  let wave: DsoxWaveformSettings = defaultDsoxWaveform();
  const channel = (suffixes: readonly (number | undefined)[]): DsoxState['channels'][number] => {
    const ch = state.channels[(suffixes[0] ?? 1) - 1];
    if (!ch) throw scpiError(-114, 'Header suffix out of range');
    return ch;
  };
  const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));
  const sourceOf = (args: string): number => {
    const n = Number(/^CHAN(?:NEL)?(\d)$/i.exec(args)?.[1] ?? 0);
    if (n < 1 || n > state.channels.length) throw scpiError(-224, 'Illegal parameter value');
    return n;
  };
  const { model } = state;
  return [
    { pattern: ':RUN', handle: () => state.run() },
    { pattern: ':STOP', handle: () => state.stop() },
    { pattern: ':SINGle', handle: () => state.single() },
    { pattern: ':DIGitize', handle: () => state.digitize() },
    { pattern: ':OPERegister:CONDition?', handle: () => `+${state.operationCondition}` },
    { pattern: ':TER?', handle: () => (state.readTriggerEvent() ? '+1' : '+0') },
    { pattern: ':CHANnel#:DISPlay?', handle: (_, s) => (channel(s).enabled ? '1' : '0') },
    {
      pattern: ':CHANnel#:DISPlay',
      handle: (args, s) => {
        channel(s).enabled = parseScpiBool(args);
      },
    },
    { pattern: ':CHANnel#:SCALe?', handle: (_, s) => formatNr3(channel(s).voltsPerDiv) },
    {
      pattern: ':CHANnel#:SCALe',
      handle: (args, s) => {
        channel(s).voltsPerDiv = clamp(parseScpiNumber(args), model.minVoltsPerDiv, model.maxVoltsPerDiv);
      },
    },
    { pattern: ':CHANnel#:RANGe?', handle: (_, s) => formatNr3(8 * channel(s).voltsPerDiv) },
    { pattern: ':CHANnel#:OFFSet?', handle: (_, s) => formatNr3(channel(s).centreV) },
    {
      pattern: ':CHANnel#:OFFSet',
      handle: (args, s) => {
        const ch = channel(s);
        // The guides' ranges: ±2 V up to 200 mV/div, ±50 V above.
        const limitV = ch.voltsPerDiv <= 0.2 ? 2 : 50;
        ch.centreV = clamp(parseScpiNumber(args), -limitV, limitV);
      },
    },
    { pattern: ':CHANnel#:COUPling?', handle: (_, s) => channel(s).coupling.toUpperCase() },
    {
      pattern: ':CHANnel#:COUPling',
      handle: (args, s) => {
        channel(s).coupling = parseScpiChoice(args, ['AC', 'DC']) === 'AC' ? 'ac' : 'dc';
      },
    },
    { pattern: ':CHANnel#:PROBe?', handle: () => formatNr3(1) },
    { pattern: ':TIMebase:SCALe?', handle: () => formatNr3(state.timebaseS) },
    {
      pattern: ':TIMebase:SCALe',
      handle: (args) => {
        state.timebaseS = clamp(parseScpiNumber(args), model.minTimebaseS, INFINIIVISION_MAX_TIMEBASE_S);
      },
    },
    { pattern: ':TIMebase:RANGe?', handle: () => formatNr3(10 * state.timebaseS) },
    { pattern: ':TIMebase:POSition?', handle: () => formatNr3(state.positionS) },
    {
      pattern: ':TIMebase:POSition',
      handle: (args) => {
        state.positionS = clamp(parseScpiNumber(args), -5 * state.timebaseS, 5 * state.timebaseS);
      },
    },
    { pattern: ':TIMebase:REFerence?', handle: () => 'CENT' },
    { pattern: ':ACQuire:SRATe?', handle: () => formatNr3(state.sampleRateHz) },
    { pattern: ':ACQuire:POINts?', handle: () => `+${state.acquiredPoints}` },
    { pattern: ':ACQuire:TYPE?', handle: () => 'NORM' },
    { pattern: ':TRIGger:MODE?', handle: () => 'EDGE' },
    { pattern: ':TRIGger:SWEep?', handle: () => state.sweep },
    {
      pattern: ':TRIGger:SWEep',
      handle: (args) => {
        state.sweep = parseScpiChoice(args, ['AUTO', 'NORMal']) as 'AUTO' | 'NORM';
      },
    },
    { pattern: ':TRIGger:EDGE:SOURce?', handle: () => `CHAN${state.triggerSource}` },
    {
      pattern: ':TRIGger:EDGE:SOURce',
      handle: (args) => {
        state.triggerSource = sourceOf(args);
      },
    },
    { pattern: ':TRIGger:EDGE:LEVel?', handle: () => formatNr3(state.triggerLevelV) },
    {
      pattern: ':TRIGger:EDGE:LEVel',
      handle: (args) => {
        const ch = state.channels[state.triggerSource - 1]!;
        const spanV = 5 * ch.voltsPerDiv;
        state.triggerLevelV = clamp(parseScpiNumber(args), ch.centreV - spanV, ch.centreV + spanV);
      },
    },
    { pattern: ':TRIGger:EDGE:SLOPe?', handle: () => state.triggerSlope },
    {
      pattern: ':TRIGger:EDGE:SLOPe',
      handle: (args) => {
        state.triggerSlope = parseScpiChoice(args, ['POSitive', 'NEGative']) as 'POS' | 'NEG';
      },
    },
    { pattern: ':TRIGger:HOLDoff?', handle: () => formatNr3(state.triggerHoldoffS) },
    {
      pattern: ':TRIGger:HOLDoff',
      handle: (args) => {
        state.triggerHoldoffS = clamp(parseScpiNumber(args), DSOX_MIN_HOLDOFF_S, DSOX_MAX_HOLDOFF_S);
      },
    },
    { pattern: ':WAVeform:SOURce?', handle: () => `CHAN${wave.source}` },
    {
      pattern: ':WAVeform:SOURce',
      handle: (args) => {
        wave = { ...wave, source: sourceOf(args) };
      },
    },
    { pattern: ':WAVeform:FORMat?', handle: () => wave.format },
    {
      pattern: ':WAVeform:FORMat',
      handle: (args) => {
        wave = {
          ...wave,
          format: parseScpiChoice(args, ['BYTE', 'WORD', 'ASCii']) as DsoxWaveformSettings['format'],
        };
      },
    },
    { pattern: ':WAVeform:POINts:MODE?', handle: () => wave.pointsMode },
    {
      pattern: ':WAVeform:POINts:MODE',
      handle: (args) => {
        wave = {
          ...wave,
          pointsMode: parseScpiChoice(args, [
            'NORMal',
            'MAXimum',
            'RAW',
          ]) as DsoxWaveformSettings['pointsMode'],
        };
      },
    },
    { pattern: ':WAVeform:POINts?', handle: () => `+${dsoxPoints(state, wave)}` },
    {
      pattern: ':WAVeform:POINts',
      handle: (args) => {
        // The scope sends the largest offered count not above the request ("or fewer"). MAXimum also
        // switches the points mode to MAXimum (Keysight's examples set it before :WAV:POIN:MODE RAW).
        const max = /^MAX(IMUM)?$/i.test(args.trim());
        const requested = max ? Infinity : parseScpiNumber(args);
        if (requested < INFINIIVISION_POINTS[0]) throw scpiError(-222, 'Data out of range');
        wave = { ...wave, pointsRequest: requested, ...(max && { pointsMode: 'MAX' as const }) };
      },
    },
    { pattern: ':WAVeform:UNSigned?', handle: () => (wave.unsigned ? '1' : '0') },
    {
      pattern: ':WAVeform:UNSigned',
      handle: (args) => {
        wave = { ...wave, unsigned: parseScpiBool(args) };
      },
    },
    { pattern: ':WAVeform:BYTeorder?', handle: () => (wave.msbFirst ? 'MSBF' : 'LSBF') },
    {
      pattern: ':WAVeform:BYTeorder',
      handle: (args) => {
        wave = { ...wave, msbFirst: parseScpiChoice(args, ['MSBFirst', 'LSBFirst']) === 'MSBF' };
      },
    },
    { pattern: ':WAVeform:PREamble?', handle: () => dsoxPreamble(state, wave) },
    {
      pattern: ':WAVeform:DATA?',
      handle: (_args, _s, context) => {
        try {
          return paddedBlock(dsoxWaveformData(state, wave), 8);
        } catch (err) {
          if (!(err instanceof ScpiError)) throw err;
          context.queueError(err);
          return paddedBlock(new Uint8Array(0), 8);
        }
      },
    },
  ];
}
