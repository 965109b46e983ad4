/**
 * The InfiniiVision X's settings over SCPI, read back from the scope. Two translations: the profile's
 * offset (added to the signal) is minus Keysight's (the screen-centre voltage), and single mode is not a
 * sweep on these scopes but the SINGLE key, so the driver remembers that it was chosen.
 */
import type { ParameterSnapshot, ParameterValue } from '../InstrumentDriver.js';
import type { ScpiCalls } from '../scpi-scope/scpiCalls.js';
import { INFINIIVISION_HORIZONTAL_DIVISIONS } from './infiniivisionModels.js';

export interface DsoxChannelState {
  enabled: boolean;
}

export interface DsoxDriverState {
  channels: DsoxChannelState[];
  sweep: 'AUTO' | 'NORM';
  /** Single was chosen (and not replaced by auto or normal since). */
  single: boolean;
}

/** Keysight answers `-0.00000000E+00` for a centre of 0; the profile's offset is its negative. */
const negate = (v: number): number => (v === 0 ? 0 : -v);

function positionOf(positionS: number, timebaseS: number): number {
  return Math.min(1, Math.max(0, 0.5 - positionS / (INFINIIVISION_HORIZONTAL_DIVISIONS * timebaseS)));
}

export async function readDsoxSettings(
  calls: ScpiCalls,
  channelCount: number,
  single: boolean,
  signal?: AbortSignal,
): Promise<{ snapshot: ParameterSnapshot; state: DsoxDriverState }> {
  const channels: ParameterSnapshot['channels'] = {};
  const states: DsoxChannelState[] = [];
  for (let n = 1; n <= channelCount; n++) {
    const enabled = await calls.bool(`:CHAN${n}:DISP?`, signal);
    states.push({ enabled });
    channels[n] = {
      enabled,
      volts_per_div: await calls.number(`:CHAN${n}:SCAL?`, signal),
      offset: negate(await calls.number(`:CHAN${n}:OFFS?`, signal)),
      coupling: (await calls.word(`:CHAN${n}:COUP?`, ['DC', 'AC'], signal)) === 'AC' ? 'ac' : 'dc',
    };
  }
  const timebaseS = await calls.number(':TIM:SCAL?', signal);
  const sweep = await calls.word(':TRIG:SWE?', ['AUTO', 'NORM'] as const, signal);
  const condition = await calls.number(':OPER:COND?', signal);
  const source = await calls.word(
    ':TRIG:EDGE:SOUR?',
    ['CHAN1', 'CHAN2', 'CHAN3', 'CHAN4', 'EXT', 'LINE'],
    signal,
  );
  return {
    state: { channels: states, sweep, single },
    snapshot: {
      global: {
        timebase: timebaseS,
        record_length: await calls.number(':WAV:POIN?', signal),
        // Reported, not set (the scope chooses it): the raw record's points, what a deep download reads.
        memory_depth: await calls.number(':ACQ:POIN?', signal),
        sample_rate: await calls.number(':ACQ:SRAT?', signal),
        trigger_source: source.startsWith('CHAN') ? `CH${source.slice(4)}` : source,
        trigger_level: await calls.number(':TRIG:EDGE:LEV?', signal),
        trigger_slope:
          (await calls.word(':TRIG:EDGE:SLOP?', ['POS', 'NEG', 'EITH', 'ALT'], signal)) === 'NEG'
            ? 'falling'
            : 'rising',
        trigger_mode: single ? 'single' : sweep === 'AUTO' ? 'auto' : 'normal',
        trigger_position: positionOf(await calls.number(':TIM:POS?', signal), timebaseS),
        trigger_holdoff: await calls.number(':TRIG:HOLD?', signal),
        run_state: (condition & 8) !== 0 ? 'run' : 'stop',
      },
      channels,
    },
  };
}

/** Applies one validated setting; returns what the scope applied. */
export async function applyDsoxSetting(
  calls: ScpiCalls,
  name: string,
  value: ParameterValue,
  channel: number | undefined,
  signal?: AbortSignal,
): Promise<ParameterValue> {
  const set = (command: string): Promise<void> => calls.set(command, signal);
  switch (name) {
    case 'enabled':
      await set(`:CHAN${channel}:DISP ${value ? 1 : 0}`);
      return calls.bool(`:CHAN${channel}:DISP?`, signal);
    case 'volts_per_div':
      await set(`:CHAN${channel}:SCAL ${value}`);
      return calls.number(`:CHAN${channel}:SCAL?`, signal);
    case 'offset':
      await set(`:CHAN${channel}:OFFS ${negate(value as number)}`);
      return negate(await calls.number(`:CHAN${channel}:OFFS?`, signal));
    case 'coupling':
      await set(`:CHAN${channel}:COUP ${value === 'ac' ? 'AC' : 'DC'}`);
      return value;
    case 'timebase':
      await set(`:TIM:SCAL ${value}`);
      return calls.number(':TIM:SCAL?', signal);
    case 'record_length':
      await set(`:WAV:POIN ${value}`);
      return calls.number(':WAV:POIN?', signal);
    case 'trigger_source':
      await set(`:TRIG:EDGE:SOUR CHAN${(value as string).slice(2)}`);
      return value;
    case 'trigger_level':
      await set(`:TRIG:EDGE:LEV ${value}`);
      return calls.number(':TRIG:EDGE:LEV?', signal);
    case 'trigger_slope':
      await set(`:TRIG:EDGE:SLOP ${value === 'falling' ? 'NEG' : 'POS'}`);
      return value;
    case 'trigger_mode':
      await set(value === 'single' ? ':SING' : `:TRIG:SWE ${value === 'auto' ? 'AUTO' : 'NORM'}`);
      return value;
    case 'trigger_position': {
      const timebaseS = await calls.number(':TIM:SCAL?', signal);
      const positionS = (0.5 - (value as number)) * INFINIIVISION_HORIZONTAL_DIVISIONS * timebaseS;
      await set(`:TIM:POS ${positionS.toExponential(9)}`);
      return positionOf(await calls.number(':TIM:POS?', signal), timebaseS);
    }
    case 'trigger_holdoff':
      await set(`:TRIG:HOLD ${(value as number).toExponential(9)}`);
      return calls.number(':TRIG:HOLD?', signal);
    case 'run_state':
      await set(value === 'stop' ? ':STOP' : ':RUN');
      return value;
    default:
      throw new Error(`applyDsoxSetting: unhandled parameter ${name}`);
  }
}
