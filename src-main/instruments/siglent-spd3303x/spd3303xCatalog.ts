/** The catalog of an SPD3303X(-E), built from the model found by `*IDN?` (spd3303xModels.ts). */
import type { InstrumentDescription, ParameterInfo } from '../../../shared/protocol/index.js';
import { SPD3303X_COMMAND_GAP_MS, SPD3303X_TRACKING_MODES, type Spd3303xModel } from './spd3303xModels.js';

/** Queries in one readings read: five per output and the status word. */
const QUERIES_PER_READ = 11;

/** Shortest readings interval, ms: every query costs at least the instrument's command gap. */
export const SPD3303X_MIN_READINGS_INTERVAL_MS = QUERIES_PER_READ * SPD3303X_COMMAND_GAP_MS;

function outputParameters(channel: number, model: Spd3303xModel): ParameterInfo[] {
  return [
    {
      name: 'voltage_set',
      type: 'number',
      unit: 'V',
      min: 0,
      max: model.maxVoltageV,
      step: model.step,
      channel,
    },
    {
      name: 'current_set',
      type: 'number',
      unit: 'A',
      min: 0,
      max: model.maxCurrentA,
      step: model.step,
      channel,
    },
    { name: 'output_enabled', type: 'boolean', channel },
  ];
}

export function spd3303xCatalog(
  id: string,
  model: Spd3303xModel,
  serial: string,
  vendor = 'Siglent Technologies',
): InstrumentDescription {
  const channels = Array.from({ length: model.outputs }, (_, i) => i + 1);
  return {
    id,
    kind: 'power_supply',
    profile: 'power_supply',
    vendor,
    model: model.model,
    serial,
    channels: channels.map((c) => ({ name: `CH${c}`, unit: 'V', min: 0, max: model.maxVoltageV })),
    streams: [
      {
        stream_type: 'readings',
        min_interval_ms: SPD3303X_MIN_READINGS_INTERVAL_MS,
        max_interval_ms: 60_000,
        encodings: ['json'],
      },
    ],
    parameters: [
      ...channels.flatMap((c) => outputParameters(c, model)),
      {
        name: 'tracking_mode',
        type: 'enum',
        choices: [...SPD3303X_TRACKING_MODES],
        coupled_channels: [1, 2],
        description:
          'CH1 and CH2 independent, in series (up to 64 V) or in parallel (up to 6.4 A); CH1 sets both',
      },
    ],
  };
}
