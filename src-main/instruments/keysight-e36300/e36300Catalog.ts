/** The catalog of an E36300 supply, built from the model found by `*IDN?` (e36300Models.ts). */
import type { InstrumentDescription, ParameterInfo } from '../../../shared/protocol/index.js';
import { E36300_STEP, voltageRange, type E36300Model, type E36300Output } from './e36300Models.js';

/**
 * Shortest readings interval, ms: one read is ten queries of a few ms each on a LAN (MEAS takes the
 * instrument's own conversion time), so faster polling would only queue behind itself.
 */
export const E36300_MIN_READINGS_INTERVAL_MS = 50;

function outputParameters(channel: number, output: E36300Output): ParameterInfo[] {
  const volts = voltageRange(output);
  return [
    { name: 'voltage_set', type: 'number', unit: 'V', ...volts, step: E36300_STEP, channel },
    {
      name: 'current_set',
      type: 'number',
      unit: 'A',
      min: output.minCurrentA,
      max: output.maxCurrentA,
      step: E36300_STEP,
      channel,
    },
    { name: 'output_enabled', type: 'boolean', channel },
    {
      name: 'ovp_level',
      type: 'number',
      unit: 'V',
      min: output.ovpMinV,
      max: output.ovpMaxV,
      step: E36300_STEP,
      channel,
      description: 'over-voltage protection threshold (magnitude); always armed on this model',
    },
    {
      name: 'ocp_enabled',
      type: 'boolean',
      channel,
      description: 'over-current protection: the output turns off when it goes into current limit',
    },
    {
      name: 'clear_protection',
      type: 'boolean',
      channel,
      description: 'write true to clear a protection trip (the output stays off until enabled)',
    },
  ];
}

export function e36300Catalog(
  id: string,
  model: E36300Model,
  serial: string,
  vendor = 'Keysight Technologies',
): InstrumentDescription {
  return {
    id,
    kind: 'power_supply',
    profile: 'power_supply',
    vendor,
    model: model.model,
    serial,
    channels: model.outputs.map((output, i) => {
      const volts = voltageRange(output);
      return { name: `CH${i + 1}`, unit: 'V', min: volts.min, max: volts.max };
    }),
    streams: [
      {
        stream_type: 'readings',
        min_interval_ms: E36300_MIN_READINGS_INTERVAL_MS,
        max_interval_ms: 60_000,
        encodings: ['json'],
      },
    ],
    parameters: [
      ...model.outputs.flatMap((output, i) => outputParameters(i + 1, output)),
      {
        name: 'tracking_mode',
        type: 'enum',
        choices: [...model.trackingModes],
        coupled_channels: [2, 3],
        description: 'coupling of outputs 2 and 3: independent, series or parallel pair, or voltage tracking',
      },
    ],
  };
}
