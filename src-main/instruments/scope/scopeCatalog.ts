/**
 * The simulated scope's catalog parameters: names, units and ranges as `get_info` publishes them, and
 * as `set_parameter` is validated against. Wire names are snake_case; units are in `unit`.
 */
import type { ParameterInfo } from '../../../shared/protocol/index.js';
import { TRIGGER_MODES } from './acquire.js';
import {
  MAX_TIMEBASE_S_PER_DIV,
  MAX_TRIGGER_HOLDOFF_S,
  MAX_VOLTS_PER_DIV,
  MIN_TIMEBASE_S_PER_DIV,
  MIN_VOLTS_PER_DIV,
  RECORD_LENGTHS,
  RUN_STATES,
  SCOPE_CHANNEL_COUNT,
  TIMEBASES_S_PER_DIV,
  VERTICAL_HALF_DIVISIONS,
  VOLTS_PER_DIV,
} from './scopeSettings.js';
import { COUPLINGS, SIGNAL_SHAPES } from './synthesize.js';
import { TRIGGER_SLOPES } from './trigger.js';

function channelParameters(channel: number): ParameterInfo[] {
  return [
    { name: 'enabled', type: 'boolean', channel, description: 'channel shown and included in records' },
    {
      name: 'signal',
      type: 'enum',
      choices: [...SIGNAL_SHAPES],
      channel,
      description:
        'simulated input signal; noise is uniform white noise spanning the amplitude, dc sits at the offset',
    },
    { name: 'frequency', type: 'number', unit: 'Hz', min: 0.01, max: 1e9, channel },
    { name: 'amplitude', type: 'number', unit: 'Vpp', min: 0, max: 100, channel },
    {
      name: 'dc_level',
      type: 'number',
      unit: 'V',
      min: -50,
      max: 50,
      channel,
      description: 'DC level of the simulated input signal (dc shape: the whole signal)',
    },
    {
      name: 'offset',
      type: 'number',
      unit: 'V',
      min: -50,
      max: 50,
      channel,
      description: `vertical offset added to the input before the ADC: the screen centre is at −offset, and the ADC covers ±${VERTICAL_HALF_DIVISIONS} divisions about it`,
    },
    {
      name: 'noise',
      type: 'number',
      unit: 'V rms',
      min: 0,
      max: 10,
      channel,
      description: 'Gaussian noise added to the signal',
    },
    {
      name: 'duty_cycle',
      type: 'number',
      unit: '%',
      min: 1,
      max: 99,
      channel,
      description: 'high time of the pulse signal',
    },
    {
      name: 'volts_per_div',
      type: 'number',
      unit: 'V/div',
      min: MIN_VOLTS_PER_DIV,
      max: MAX_VOLTS_PER_DIV,
      values: [...VOLTS_PER_DIV],
      channel,
      description: `vertical scale, rounded to the nearest 1-2-5 step; the ADC covers ±${VERTICAL_HALF_DIVISIONS} divisions and clips beyond`,
    },
    {
      name: 'coupling',
      type: 'enum',
      choices: [...COUPLINGS],
      channel,
      description: 'ac removes the DC component',
    },
  ];
}

/** The scope's catalog parameters: four channels' inputs, then horizontal, trigger and run control. */
export function scopeParameters(): ParameterInfo[] {
  const channels = Array.from({ length: SCOPE_CHANNEL_COUNT }, (_, i) => channelParameters(i + 1)).flat();
  return [
    ...channels,
    {
      name: 'timebase',
      type: 'number',
      unit: 's/div',
      min: MIN_TIMEBASE_S_PER_DIV,
      max: MAX_TIMEBASE_S_PER_DIV,
      values: [...TIMEBASES_S_PER_DIV],
      description:
        'horizontal scale over 10 divisions, rounded to the nearest 1-2-5 step (1e-8, 2e-8, 5e-8, 1e-7, ... 10); sample rate = record_length / (10 · timebase)',
    },
    {
      name: 'record_length',
      type: 'number',
      unit: 'points',
      min: RECORD_LENGTHS[0],
      max: RECORD_LENGTHS[RECORD_LENGTHS.length - 1],
      values: [...RECORD_LENGTHS],
      description: `points per record, rounded to the nearest of ${RECORD_LENGTHS.join(', ')}`,
    },
    {
      name: 'trigger_source',
      type: 'enum',
      choices: Array.from({ length: SCOPE_CHANNEL_COUNT }, (_, i) => `CH${i + 1}`),
      description: 'edge trigger source (may be a hidden channel)',
    },
    { name: 'trigger_level', type: 'number', unit: 'V', min: -50, max: 50 },
    { name: 'trigger_slope', type: 'enum', choices: [...TRIGGER_SLOPES] },
    {
      name: 'trigger_mode',
      type: 'enum',
      choices: [...TRIGGER_MODES],
      description:
        'auto free-runs (untriggered records) when no trigger is found; normal produces records only on a trigger; single captures one triggered record, then stops (setting single arms it)',
    },
    {
      name: 'trigger_position',
      type: 'number',
      unit: 'fraction',
      min: 0,
      max: 1,
      description: 'trigger point within the record: 0 first sample, 0.5 centre, 1 end',
    },
    {
      name: 'trigger_holdoff',
      type: 'number',
      unit: 's',
      min: 0,
      max: MAX_TRIGGER_HOLDOFF_S,
      description:
        'time after a trigger before the trigger arms again: crossings within it are ignored (0: re-arm at once)',
    },
    {
      name: 'run_state',
      type: 'enum',
      choices: [...RUN_STATES],
      description:
        'run acquires continuously (and re-arms single mode); stop freezes the last record. get_parameters also reports trigger_state (armed | triggered | waiting | stopped) and sample_rate (Hz)',
    },
  ];
}
