/**
 * The simulated supply's own acquisition source (SimPowerSupply.captureSource): voltage, current and power
 * of each output at up to 1 kHz, each sample the model's readback at that very instant — the simulator
 * can step its physics to any past instant (SimPowerSupply.sampleReadings), which no real supply can, so
 * a real one is polled instead (acquisition/sources/PolledSupplySource.ts).
 */
import type { PsuChannelReading } from '../../../shared/protocol/index.js';
import {
  type AcquisitionChannel,
  type CaptureHost,
  columnValue,
  type SampleGenerator,
  settingsSnapshot,
  type StreamCaptureSource,
  supplyChannels,
  supplyColumns,
  type SupplyColumn,
} from '../../acquisition/index.js';

/** Highest sample rate of a simulated supply's capture, Hz. */
export const SIM_PSU_MAX_SAMPLE_RATE_HZ = 1_000;

/** Every output's readings at `startMs + i·intervalMs` for i < count, result[i][output − 1]. */
export type SampleReadings = (
  startMs: number,
  intervalMs: number,
  count: number,
) => Promise<PsuChannelReading[][]>;

/** The simulated supply's outputs, sampled at every instant (see the file comment). */
export class SimPsuCaptureSource implements StreamCaptureSource {
  readonly pacing = 'stream';
  readonly equipmentId: string;
  readonly channels: readonly AcquisitionChannel[];
  readonly maxSampleRateHz = SIM_PSU_MAX_SAMPLE_RATE_HZ;
  readonly #host: CaptureHost;
  readonly #sample: SampleReadings;

  /** @param sample the simulator's readback at past instants; called only through `host.run`. */
  constructor(host: CaptureHost, sample: SampleReadings) {
    this.#host = host;
    this.#sample = sample;
    this.equipmentId = host.id;
    this.channels = supplyChannels(host.capabilities());
  }

  settings(): Promise<Record<string, unknown>> {
    return settingsSnapshot(this.#host);
  }

  open(channels: readonly string[], sampleRateHz: number): SampleGenerator {
    const columns = supplyColumns(this.equipmentId, this.#host.capabilities(), channels);
    const intervalMs = 1000 / sampleRateHz;
    return {
      generate: async (count, firstTimeMs, out) => {
        const rows = await this.#host.run('sample readings', () =>
          this.#sample(firstTimeMs, intervalMs, count),
        );
        columns.forEach((column: SupplyColumn, c) => {
          const values = out[c]!;
          for (let i = 0; i < count; i++) values[i] = columnValue(rows[i], column);
        });
      },
    };
  }
}
