/**
 * The catalog entry every SCPI scope driver publishes: the oscilloscope profile, `CH1`… in volts within
 * the model's limits, a waveform and a measurements stream (one screen update of four channels takes a few
 * link round trips: faster than 50 ms is not reachable), the family's parameters, and `deep_memory` (each
 * family's driver implements DeepMemoryCapture, so acquisitions may use mode single_deep).
 */
import type { InstrumentDescription, ParameterInfo } from '../../../shared/protocol/index.js';

export interface ScpiScopeDescription {
  id: string;
  /** The vendor as `*IDN?` gave it, else the family's name for it. */
  vendor: string;
  model: string;
  serial: string;
  channelCount: number;
  /** Largest voltage either way a channel can show, V. */
  channelLimitV: number;
  parameters: ParameterInfo[];
}

export function scpiScopeDescription(scope: ScpiScopeDescription): InstrumentDescription {
  return {
    id: scope.id,
    kind: 'oscilloscope',
    profile: 'oscilloscope',
    vendor: scope.vendor,
    model: scope.model,
    serial: scope.serial,
    channels: Array.from({ length: scope.channelCount }, (_, i) => ({
      name: `CH${i + 1}`,
      unit: 'V',
      min: -scope.channelLimitV,
      max: scope.channelLimitV,
    })),
    streams: [
      {
        stream_type: 'waveform',
        min_interval_ms: 50,
        max_interval_ms: 60_000,
        encodings: ['binary', 'json'],
      },
      { stream_type: 'measurements', min_interval_ms: 100, max_interval_ms: 60_000, encodings: ['json'] },
    ],
    parameters: scope.parameters,
    deep_memory: true,
  };
}
