/**
 * A power supply as an acquisition source: voltage, current and power of each output, sampled at up to
 * 1 kHz. Channels are named `CH<n>.voltage` (V), `CH<n>.current` (A) and `CH<n>.power` (W). A driver with
 * the `sampleReadings` fast path (the simulator) is sampled at every instant of the capture; any other is
 * read once per block and its reading held for the block's samples (a real supply cannot be polled at
 * 1 kHz over SCPI anyway), which the docs state.
 */
import type { PsuChannelReading } from '../../../../shared/protocol/index.js';
import type { InstrumentHost } from '../../../instruments/index.js';
import type { AcquisitionChannel } from '../../config.js';
import { settingsSnapshot } from './settingsSnapshot.js';
import type { CaptureSource, SampleGenerator } from './types.js';

/** Highest sample rate of a supply capture, Hz. */
export const PSU_MAX_SAMPLE_RATE_HZ = 1_000;

const QUANTITIES = [
  { suffix: 'voltage', unit: 'V', field: 'voltage_actual' },
  { suffix: 'current', unit: 'A', field: 'current_actual' },
  { suffix: 'power', unit: 'W', field: 'power' },
] as const;
type Field = (typeof QUANTITIES)[number]['field'];

/** A power supply's outputs as acquisition channels (see the file comment). */
export class PsuCaptureSource implements CaptureSource {
  readonly equipmentId: string;
  readonly channels: readonly AcquisitionChannel[];
  readonly maxSampleRateHz = PSU_MAX_SAMPLE_RATE_HZ;
  readonly #driver: InstrumentHost;

  constructor(driver: InstrumentHost) {
    this.#driver = driver;
    this.equipmentId = driver.id;
    this.channels = driver
      .capabilities()
      .channels.flatMap((c) => QUANTITIES.map((q) => ({ name: `${c.name}.${q.suffix}`, unit: q.unit })));
  }

  settings(): Promise<Record<string, unknown>> {
    return settingsSnapshot(this.#driver);
  }

  open(channels: readonly string[], sampleRateHz: number): SampleGenerator {
    const columns = channels.map((name) => {
      const [channel = '', suffix] = name.split('.');
      const quantity = QUANTITIES.find((q) => q.suffix === suffix);
      const index = this.#driver.capabilities().channels.findIndex((c) => c.name === channel);
      if (!quantity || index < 0)
        throw new RangeError(`${this.equipmentId} has no acquisition channel ${name}`);
      return { index, field: quantity.field };
    });
    return new PsuGenerator(this.#driver, columns, 1000 / sampleRateHz);
  }
}

class PsuGenerator implements SampleGenerator {
  readonly #driver: InstrumentHost;
  readonly #columns: readonly { index: number; field: Field }[];
  readonly #intervalMs: number;
  #held: PsuChannelReading[] | undefined;

  constructor(
    driver: InstrumentHost,
    columns: readonly { index: number; field: Field }[],
    intervalMs: number,
  ) {
    this.#driver = driver;
    this.#columns = columns;
    this.#intervalMs = intervalMs;
  }

  async generate(count: number, firstTimeMs: number, out: readonly Float32Array[]): Promise<void> {
    if (this.#driver.canSampleReadings) {
      const rows = await this.#driver.sampleReadings(firstTimeMs, this.#intervalMs, count);
      this.#columns.forEach(({ index, field }, c) => {
        const column = out[c]!;
        for (let i = 0; i < count; i++) column[i] = rows[i]![index]![field];
      });
      return;
    }
    const sample = await this.#driver.read('readings');
    // A dropped reading holds the previous one; before the first there is nothing to hold (NaN).
    if (sample.kind === 'readings') this.#held = sample.readings;
    this.#columns.forEach(({ index, field }, c) =>
      out[c]!.fill(this.#held?.[index]?.[field] ?? Number.NaN, 0, count),
    );
  }
}
