/**
 * The DS1000Z's settings over SCPI: each catalog parameter's command, and the snapshot read back from the
 * instrument (so what Benchtop shows is what the scope has, front-panel changes included). Values arrive
 * validated against the catalog (../parameters.ts); the scope rounds scales to its steps and limits offsets
 * and levels, so every setting is read back and the applied value returned.
 */
import type { ParameterSnapshot, ParameterValue } from '../InstrumentDriver.js';
import type { ScpiCalls } from '../scpi-scope/scpiCalls.js';
import { DS1000Z_HORIZONTAL_DIVISIONS, ds1000zMemoryDepths, nearestStep } from './ds1000zModels.js';

type TriggerStatus = 'TD' | 'WAIT' | 'RUN' | 'AUTO' | 'STOP';
export const TRIGGER_STATUSES: readonly TriggerStatus[] = ['TD', 'WAIT', 'RUN', 'AUTO', 'STOP'];
const SWEEPS = ['AUTO', 'NORM', 'SING'] as const;
const SWEEP_MODES: Record<(typeof SWEEPS)[number], string> = { AUTO: 'auto', NORM: 'normal', SING: 'single' };

export interface ChannelState {
  enabled: boolean;
  voltsPerDiv: number;
  offsetV: number;
  coupling: 'dc' | 'ac';
}

async function readChannel(calls: ScpiCalls, n: number, signal?: AbortSignal): Promise<ChannelState> {
  return {
    enabled: await calls.bool(`:CHAN${n}:DISP?`, signal),
    voltsPerDiv: await calls.number(`:CHAN${n}:SCAL?`, signal),
    offsetV: await calls.number(`:CHAN${n}:OFFS?`, signal),
    coupling: (await calls.word(`:CHAN${n}:COUP?`, ['DC', 'AC', 'GND'], signal)) === 'AC' ? 'ac' : 'dc',
  };
}

/** Reads every setting; `channels` is also returned as typed state for the reads. */
export async function readDs1000zSettings(
  calls: ScpiCalls,
  channelCount: number,
  signal?: AbortSignal,
): Promise<{ snapshot: ParameterSnapshot; channels: ChannelState[] }> {
  const channels: ChannelState[] = [];
  for (let n = 1; n <= channelCount; n++) channels.push(await readChannel(calls, n, signal));
  const timebaseS = await calls.number(':TIM:SCAL?', signal);
  const offsetS = await calls.number(':TIM:OFFS?', signal);
  const sampleRateHz = await calls.number(':ACQ:SRAT?', signal);
  const source = await calls.word(
    ':TRIG:EDG:SOUR?',
    ['CHAN1', 'CHAN2', 'CHAN3', 'CHAN4', 'EXT', 'AC'],
    signal,
  );
  const levelV = await calls.number(':TRIG:EDG:LEV?', signal);
  const slope = await calls.word(':TRIG:EDG:SLOP?', ['POS', 'NEG', 'RFAL'], signal);
  const sweep = await calls.word(':TRIG:SWE?', SWEEPS, signal);
  const status = await calls.word(':TRIG:STAT?', TRIGGER_STATUSES, signal);
  const holdoffS = await calls.number(':TRIG:HOLD?', signal);
  return {
    channels,
    snapshot: {
      global: {
        timebase: timebaseS,
        // The depth in use (AUTO included): sample rate × the 12 divisions' duration.
        record_length: Math.round(sampleRateHz * DS1000Z_HORIZONTAL_DIVISIONS * timebaseS),
        sample_rate: sampleRateHz,
        trigger_source: source.startsWith('CHAN') ? `CH${source.slice(4)}` : source,
        trigger_level: levelV,
        trigger_slope: slope === 'NEG' ? 'falling' : 'rising',
        trigger_mode: SWEEP_MODES[sweep],
        trigger_position: triggerPositionOf(offsetS, timebaseS),
        trigger_holdoff: holdoffS,
        run_state: status === 'STOP' ? 'stop' : 'run',
      },
      channels: Object.fromEntries(
        channels.map((ch, i) => [
          i + 1,
          { enabled: ch.enabled, volts_per_div: ch.voltsPerDiv, offset: ch.offsetV, coupling: ch.coupling },
        ]),
      ),
    },
  };
}

/** Trigger point as a fraction of the screen from `:TIM:OFFS` (the screen centre's time after the trigger). */
function triggerPositionOf(offsetS: number, timebaseS: number): number {
  // Clamped: the offset's decimal reply can put the screen edge a rounding error outside [0, 1].
  return Math.min(1, Math.max(0, 0.5 - offsetS / (DS1000Z_HORIZONTAL_DIVISIONS * timebaseS)));
}

/**
 * Applies one validated setting and returns what the scope applied. `enabledCount` is the number of
 * channels on, which bounds the memory depth.
 */
export async function applyDs1000zSetting(
  calls: ScpiCalls,
  name: string,
  value: ParameterValue,
  channel: number | undefined,
  enabledCount: number,
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
      await set(`:CHAN${channel}:OFFS ${value}`);
      return calls.number(`:CHAN${channel}:OFFS?`, signal);
    case 'coupling':
      await set(`:CHAN${channel}:COUP ${value === 'ac' ? 'AC' : 'DC'}`);
      return value;
    case 'timebase':
      await set(`:TIM:SCAL ${value}`);
      return calls.number(':TIM:SCAL?', signal);
    case 'record_length': {
      const depth = nearestStep(ds1000zMemoryDepths(enabledCount), value as number);
      await set(`:ACQ:MDEP ${depth}`);
      return depth;
    }
    case 'trigger_source':
      await set(`:TRIG:EDG:SOUR CHAN${(value as string).slice(2)}`);
      return value;
    case 'trigger_level':
      await set(`:TRIG:EDG:LEV ${value}`);
      return calls.number(':TRIG:EDG:LEV?', signal);
    case 'trigger_slope':
      await set(`:TRIG:EDG:SLOP ${value === 'falling' ? 'NEG' : 'POS'}`);
      return value;
    case 'trigger_mode':
      // Single is the SINGLE key: it arms one capture. Auto and normal are sweeps that keep running.
      await set(value === 'single' ? ':SING' : `:TRIG:SWE ${value === 'auto' ? 'AUTO' : 'NORM'}`);
      return value;
    case 'trigger_position': {
      const timebaseS = await calls.number(':TIM:SCAL?', signal);
      const offsetS = (0.5 - (value as number)) * DS1000Z_HORIZONTAL_DIVISIONS * timebaseS;
      await set(`:TIM:OFFS ${offsetS.toExponential(9)}`);
      return triggerPositionOf(await calls.number(':TIM:OFFS?', signal), timebaseS);
    }
    case 'trigger_holdoff':
      await set(`:TRIG:HOLD ${(value as number).toExponential(9)}`);
      return calls.number(':TRIG:HOLD?', signal);
    case 'run_state':
      await set(value === 'stop' ? ':STOP' : ':RUN');
      return value;
    default:
      throw new Error(`applyDs1000zSetting: unhandled parameter ${name}`);
  }
}
