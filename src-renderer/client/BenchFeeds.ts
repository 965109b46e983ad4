/**
 * One bench's sample feeds (outside React and the store): readings per power supply, the latest record
 * and measurements per oscilloscope, and the live view of each acquisition. Created on first use; an
 * instrument's feeds are dropped when it leaves the bench.
 */
import type { AcquisitionSummary } from '../../shared/protocol/acquisition';
import { AcquisitionFeed } from '../data/AcquisitionFeed';
import { JsonStreamFeed } from '../data/JsonStreamFeed';
import { MeasurementsFeed } from '../data/MeasurementsFeed';
import { PsuReadingsFeed } from '../data/PsuReadingsFeed';
import { WaveformFeed } from '../data/WaveformFeed';

function getOrCreate<F>(map: Map<string, F>, key: string, create: () => F): F {
  let feed = map.get(key);
  if (feed === undefined) map.set(key, (feed = create()));
  return feed;
}

export class BenchFeeds {
  readonly #psu = new Map<string, PsuReadingsFeed>();
  readonly #waveform = new Map<string, WaveformFeed>();
  readonly #measurements = new Map<string, MeasurementsFeed>();
  readonly #json = new Map<string, JsonStreamFeed>();
  readonly #acquisitions = new Map<string, AcquisitionFeed>();

  /** The readings feed of one power supply. */
  psu(equipmentId: string): PsuReadingsFeed {
    return getOrCreate(this.#psu, equipmentId, () => new PsuReadingsFeed(equipmentId));
  }

  /** The latest-record feed of one oscilloscope. */
  waveform(equipmentId: string): WaveformFeed {
    return getOrCreate(this.#waveform, equipmentId, () => new WaveformFeed(equipmentId));
  }

  /** The latest measurements of one oscilloscope. */
  measurements(equipmentId: string): MeasurementsFeed {
    return getOrCreate(this.#measurements, equipmentId, () => new MeasurementsFeed(equipmentId));
  }

  /** The latest JSON message of one stream of an instrument without a known profile, by stream key. */
  json(streamKey: string): JsonStreamFeed {
    return getOrCreate(this.#json, streamKey, () => new JsonStreamFeed());
  }

  /** The live-view feed of one acquisition, with its channel names. */
  acquisition(summary: Pick<AcquisitionSummary, 'acquisition_id' | 'channels'>): AcquisitionFeed {
    return getOrCreate(
      this.#acquisitions,
      summary.acquisition_id,
      () =>
        new AcquisitionFeed(
          summary.acquisition_id,
          summary.channels.map((c) => c.name),
        ),
    );
  }

  /** Whether a feed of this instrument exists (tests; a removed instrument has none). */
  has(equipmentId: string): boolean {
    return (
      this.#psu.has(equipmentId) || this.#waveform.has(equipmentId) || this.#measurements.has(equipmentId)
    );
  }

  /** Forgets an instrument's feeds (it left the bench): a new one with its id starts empty. */
  drop(equipmentId: string): void {
    this.#psu.delete(equipmentId);
    this.#waveform.delete(equipmentId);
    this.#measurements.delete(equipmentId);
    const prefix = `${equipmentId}/`;
    for (const key of [...this.#json.keys()]) if (key.startsWith(prefix)) this.#json.delete(key);
  }
}
