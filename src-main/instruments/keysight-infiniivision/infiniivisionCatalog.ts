/**
 * What an InfiniiVision X publishes: the oscilloscope profile's parameters with the model's limits. Its
 * vertical and horizontal scales are continuous (the fine adjustment), so they carry ranges, not
 * `values`; the record length is `:WAV:POIN`'s choices.
 */
import type { InstrumentDescription, ParameterInfo } from '../../../shared/protocol/index.js';
import { scpiScopeDescription } from '../scpi-scope/scopeDescription.js';
import {
  INFINIIVISION_MAX_TIMEBASE_S,
  INFINIIVISION_POINTS,
  type InfiniiVisionModel,
} from './infiniivisionModels.js';

/** Trigger holdoff range, s (the programmer's guide: 40 ns to 10 s). */
export const INFINIIVISION_MIN_HOLDOFF_S = 40e-9;
export const INFINIIVISION_MAX_HOLDOFF_S = 10;
/** Largest offset either way, V (the scope limits it further at small scales). */
export const INFINIIVISION_MAX_OFFSET_V = 50;

export function infiniivisionParameters(model: InfiniiVisionModel): ParameterInfo[] {
  const maxLevelV = 5 * model.maxVoltsPerDiv + INFINIIVISION_MAX_OFFSET_V;
  const channels = Array.from({ length: model.channels }, (_, i): ParameterInfo[] => {
    const channel = i + 1;
    return [
      { name: 'enabled', type: 'boolean', channel },
      {
        name: 'volts_per_div',
        type: 'number',
        unit: 'V/div',
        min: model.minVoltsPerDiv,
        max: model.maxVoltsPerDiv,
        channel,
        description: 'vertical scale, continuous (fine adjustment)',
      },
      {
        name: 'offset',
        type: 'number',
        unit: 'V',
        min: -INFINIIVISION_MAX_OFFSET_V,
        max: INFINIIVISION_MAX_OFFSET_V,
        channel,
        description:
          'added to the signal before the ADC (the scope’s own offset is the screen-centre voltage: the negative); limited to ±2 V up to 200 mV/div',
      },
      { name: 'coupling', type: 'enum', choices: ['dc', 'ac'], channel },
    ];
  }).flat();
  return [
    ...channels,
    {
      name: 'timebase',
      type: 'number',
      unit: 's/div',
      min: model.minTimebaseS,
      max: INFINIIVISION_MAX_TIMEBASE_S,
      description: 'horizontal scale over 10 divisions, continuous',
    },
    {
      name: 'record_length',
      type: 'number',
      unit: 'points',
      min: INFINIIVISION_POINTS[0],
      max: INFINIIVISION_POINTS.at(-1),
      values: [...INFINIIVISION_POINTS],
      description:
        'points per record read (:WAV:POIN); the scope gives the largest offered count not above it',
    },
    {
      name: 'trigger_source',
      type: 'enum',
      choices: Array.from({ length: model.channels }, (_, i) => `CH${i + 1}`),
    },
    { name: 'trigger_level', type: 'number', unit: 'V', min: -maxLevelV, max: maxLevelV },
    { name: 'trigger_slope', type: 'enum', choices: ['rising', 'falling'] },
    { name: 'trigger_mode', type: 'enum', choices: ['auto', 'normal', 'single'] },
    { name: 'trigger_position', type: 'number', unit: 'fraction', min: 0, max: 1 },
    {
      name: 'trigger_holdoff',
      type: 'number',
      unit: 's',
      min: INFINIIVISION_MIN_HOLDOFF_S,
      max: INFINIIVISION_MAX_HOLDOFF_S,
      description: 'time after a trigger before the trigger arms again (:TRIG:HOLD)',
    },
    { name: 'run_state', type: 'enum', choices: ['run', 'stop'] },
  ];
}

export function infiniivisionDescription(
  id: string,
  model: InfiniiVisionModel,
  identity: { vendor: string; serial: string } | undefined,
): InstrumentDescription {
  return scpiScopeDescription({
    id,
    vendor: identity?.vendor ?? 'Keysight',
    model: model.name,
    serial: identity?.serial ?? '',
    channelCount: model.channels,
    channelLimitV: 5 * model.maxVoltsPerDiv + INFINIIVISION_MAX_OFFSET_V,
    parameters: infiniivisionParameters(model),
  });
}
