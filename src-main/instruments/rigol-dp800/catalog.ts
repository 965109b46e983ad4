/** The catalog of a DP800 model: the power_supply profile's parameters with this model's ranges. */
import type { InstrumentDescription, ParameterInfo } from '../../../shared/protocol/index.js';
import type { Dp800Model, Dp800Output } from './models.js';

/** Fastest reading poll offered, ms: one poll is four queries per output at a few ms each. */
export const MIN_READ_INTERVAL_MS = 50;

export const TRACKING_CHOICES = ['independent', 'track'] as const;

function outputParameters(channel: number, out: Dp800Output): ParameterInfo[] {
  return [
    {
      name: 'voltage_set',
      type: 'number',
      unit: 'V',
      min: out.minVoltageV,
      max: out.maxVoltageV,
      step: out.voltageStepV,
      channel,
    },
    {
      name: 'current_set',
      type: 'number',
      unit: 'A',
      min: 0,
      max: out.maxCurrentA,
      step: out.currentStepA,
      channel,
    },
    { name: 'output_enabled', type: 'boolean', channel },
    { name: 'ovp_level', type: 'number', unit: 'V', min: 0.01, max: out.ovpMaxV, step: 0.001, channel },
    { name: 'ovp_enabled', type: 'boolean', channel },
    { name: 'ocp_level', type: 'number', unit: 'A', min: 0.001, max: out.ocpMaxA, step: 0.001, channel },
    { name: 'ocp_enabled', type: 'boolean', channel },
    {
      name: 'clear_protection',
      type: 'boolean',
      channel,
      description: 'write true to clear a protection trip (the output stays off until enabled)',
    },
  ];
}

export function dp800Catalog(
  id: string,
  model: Dp800Model,
  identity: { vendor: string; model: string; serial: string },
): InstrumentDescription {
  return {
    id,
    kind: 'power_supply',
    profile: 'power_supply',
    vendor: identity.vendor,
    model: identity.model,
    serial: identity.serial,
    channels: model.outputs.map((out, i) => ({
      name: `CH${i + 1}`,
      unit: 'V',
      min: out.minVoltageV,
      max: out.maxVoltageV,
    })),
    streams: [
      {
        stream_type: 'readings',
        min_interval_ms: MIN_READ_INTERVAL_MS,
        max_interval_ms: 60_000,
        encodings: ['json'],
      },
    ],
    parameters: [
      ...model.outputs.flatMap((out, i) => outputParameters(i + 1, out)),
      ...(model.tracking
        ? [
            {
              name: 'tracking_mode',
              type: 'enum' as const,
              choices: [...TRACKING_CHOICES],
              coupled_channels: [...model.tracking],
              description: `track: CH${model.tracking[1]} follows CH${model.tracking[0]} voltage (DP800 :OUTP:TRAC)`,
            },
          ]
        : []),
    ],
  };
}
