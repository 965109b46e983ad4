/**
 * Keeps power-supply readings outside React: per channel a ring buffer of (voltage, current) for the
 * charts, and the latest reading for the readouts. Listeners are told "something changed" and read what
 * they need, at their own pace (at most once per animation frame).
 */
import type { PsuChannelReading, PsuReadingsData, StreamDataMessage } from '../../shared/protocol/server';
import { TimeSeriesBuffer } from './TimeSeriesBuffer';

/** Enough for 10 minutes at 100 Hz. */
const CAPACITY = 60_000;

export class PsuReadingsFeed {
  readonly equipmentId: string;
  readonly #buffers = new Map<number, TimeSeriesBuffer>();
  readonly #latest = new Map<number, PsuChannelReading>();
  readonly #listeners = new Set<() => void>();
  /** Readings accepted since creation (all channels of one message count once). */
  messages = 0;
  /** When the last reading arrived (ms since the epoch): how old the values shown are. */
  lastReceivedMs: number | undefined;

  constructor(equipmentId: string) {
    this.equipmentId = equipmentId;
  }

  /** The buffer of (voltage V, current A) for a channel, created on first use. */
  buffer(channel: number): TimeSeriesBuffer {
    let buffer = this.#buffers.get(channel);
    if (!buffer) this.#buffers.set(channel, (buffer = new TimeSeriesBuffer(2, CAPACITY)));
    return buffer;
  }

  latest(channel: number): PsuChannelReading | undefined {
    return this.#latest.get(channel);
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Takes one `stream_data` message of a readings stream; ignores anything else. */
  accept(message: StreamDataMessage): void {
    if (message.equipment_id !== this.equipmentId || message.stream_type !== 'readings') return;
    const data = message.data as unknown as PsuReadingsData;
    const channels = Array.isArray(data.channels) ? data.channels : [data];
    const pair = [0, 0];
    for (const reading of channels) {
      if (typeof reading.channel !== 'number') continue;
      pair[0] = reading.voltage_actual;
      pair[1] = reading.current_actual;
      this.buffer(reading.channel).push(reading.timestamp / 1000, pair);
      this.#latest.set(reading.channel, reading);
    }
    this.messages++;
    this.lastReceivedMs = Date.now();
    for (const listener of this.#listeners) listener();
  }
}
