/**
 * What a DS1000Z publishes in the catalog: the oscilloscope profile's parameters (the simulator's names,
 * shared/profiles/oscilloscope.ts) with the instrument's discrete steps in `values` — V/div 1-2-5 from 1 mV
 * to 10 V, timebases 5 ns to 50 s/div, memory depths — and its channels from the model `*IDN?` named.
 */
import type { InstrumentDescription, ParameterInfo } from '../../../shared/protocol/index.js';
import { scpiScopeDescription } from '../scpi-scope/scopeDescription.js';
import {
  DS1000Z_TIMEBASES_S,
  DS1000Z_VOLTS_PER_DIV,
  ds1000zMemoryDepths,
  type Ds1000zModel,
} from './ds1000zModels.js';

/** Every memory depth some channel count allows, ascending. */
export const DS1000Z_ALL_DEPTHS: readonly number[] = [
  ...new Set([1, 2, 4].flatMap((n) => ds1000zMemoryDepths(n))),
].sort((a, b) => a - b);

/** The largest offset, V (the guide: ±100 V from 500 mV/div up, ±2 V below, 1× probe). */
export const DS1000Z_MAX_OFFSET_V = 100;
/** Trigger holdoff range, s (the guide: 16 ns to 10 s). */
export const DS1000Z_MIN_HOLDOFF_S = 16e-9;
export const DS1000Z_MAX_HOLDOFF_S = 10;
/** The widest trigger level reachable: ±5 divisions at 10 V/div about a ±100 V offset. */
export const DS1000Z_MAX_TRIGGER_LEVEL_V = 150;

function channelParameters(channel: number): ParameterInfo[] {
  return [
    { name: 'enabled', type: 'boolean', channel, description: 'channel shown and included in records' },
    {
      name: 'volts_per_div',
      type: 'number',
      unit: 'V/div',
      min: DS1000Z_VOLTS_PER_DIV[0],
      max: DS1000Z_VOLTS_PER_DIV.at(-1),
      values: [...DS1000Z_VOLTS_PER_DIV],
      channel,
      description: 'vertical scale (1× probe); the scope rounds to the nearest 1-2-5 step',
    },
    {
      name: 'offset',
      type: 'number',
      unit: 'V',
      min: -DS1000Z_MAX_OFFSET_V,
      max: DS1000Z_MAX_OFFSET_V,
      channel,
      description: 'added to the signal before the ADC; the scope limits it to ±2 V below 500 mV/div',
    },
    { name: 'coupling', type: 'enum', choices: ['dc', 'ac'], channel },
  ];
}

export function ds1000zParameters(model: Ds1000zModel): ParameterInfo[] {
  const channels = Array.from({ length: model.channels }, (_, i) => channelParameters(i + 1)).flat();
  return [
    ...channels,
    {
      name: 'timebase',
      type: 'number',
      unit: 's/div',
      min: DS1000Z_TIMEBASES_S[0],
      max: DS1000Z_TIMEBASES_S.at(-1),
      values: [...DS1000Z_TIMEBASES_S],
      description: 'horizontal scale; the screen spans 12 divisions',
    },
    {
      name: 'record_length',
      type: 'number',
      unit: 'points',
      min: DS1000Z_ALL_DEPTHS[0],
      max: DS1000Z_ALL_DEPTHS.at(-1),
      // No `values`: which depths exist depends on how many channels are on, so no one list is true.
      description:
        'memory depth of a stopped record (read with the deep-memory download); 24 M with one channel on, 12 M with two, 6 M with three or four — rounded to the nearest the channels on allow. Streamed waveforms are the 1,200-point screen record.',
    },
    {
      name: 'trigger_source',
      type: 'enum',
      choices: Array.from({ length: model.channels }, (_, i) => `CH${i + 1}`),
    },
    {
      name: 'trigger_level',
      type: 'number',
      unit: 'V',
      min: -DS1000Z_MAX_TRIGGER_LEVEL_V,
      max: DS1000Z_MAX_TRIGGER_LEVEL_V,
      description: 'the scope limits it to ±5 divisions about the source’s screen centre',
    },
    { name: 'trigger_slope', type: 'enum', choices: ['rising', 'falling'] },
    {
      name: 'trigger_mode',
      type: 'enum',
      choices: ['auto', 'normal', 'single'],
      description: 'single arms one capture (the SINGLE key); the scope stops once it has triggered',
    },
    {
      name: 'trigger_position',
      type: 'number',
      unit: 'fraction',
      min: 0,
      max: 1,
      description: 'trigger point on the screen: 0 left edge, 0.5 centre, 1 right edge (:TIM:OFFS)',
    },
    {
      name: 'trigger_holdoff',
      type: 'number',
      unit: 's',
      min: DS1000Z_MIN_HOLDOFF_S,
      max: DS1000Z_MAX_HOLDOFF_S,
      description: 'time after a trigger before the trigger arms again (:TRIG:HOLD; edge trigger)',
    },
    { name: 'run_state', type: 'enum', choices: ['run', 'stop'] },
  ];
}

/** The catalog entry for `model`; identity fields filled once `*IDN?` answered. */
export function ds1000zDescription(
  id: string,
  model: Ds1000zModel,
  identity: { vendor: string; serial: string } | undefined,
): InstrumentDescription {
  return scpiScopeDescription({
    id,
    vendor: identity?.vendor ?? 'Rigol',
    model: model.name,
    serial: identity?.serial ?? '',
    channelCount: model.channels,
    channelLimitV: DS1000Z_MAX_TRIGGER_LEVEL_V,
    parameters: ds1000zParameters(model),
  });
}
