/**
 * What a power supply's readings say happened, as events recorded where they pass through the host (every
 * driver, simulated or SCPI, alike): an output going from constant voltage to constant current or back.
 * Pure: the host feeds it samples. (A protection clear is the driver's event: only it knows which trip it
 * cleared, and that there was one.)
 */
import type { PsuChannelReading } from '../../../shared/protocol/index.js';
import type { InstrumentEvent } from '../InstrumentDriver.js';

type Regulation = 'CV' | 'CC';

function regulationOf(reading: PsuChannelReading): Regulation | undefined {
  if (!reading.output_enabled) return undefined;
  if (reading.in_cc_mode) return 'CC';
  if (reading.in_cv_mode) return 'CV';
  return undefined;
}

export class SupplyWatch {
  readonly #equipmentId: string;
  /** Each enabled output's regulation at its last reading; an output that is off has none. */
  readonly #regulation = new Map<number, Regulation>();

  constructor(equipmentId: string) {
    this.#equipmentId = equipmentId;
  }

  /**
   * The CV↔CC changes in one set of readings. The first reading of an output after it came on only sets
   * where it stands (turning it on is a setting change, recorded as such).
   */
  readings(readings: readonly PsuChannelReading[], timestampMs: number): InstrumentEvent[] {
    const events: InstrumentEvent[] = [];
    for (const reading of readings) {
      const now = regulationOf(reading);
      const before = this.#regulation.get(reading.channel);
      if (now === undefined) {
        this.#regulation.delete(reading.channel);
        continue;
      }
      this.#regulation.set(reading.channel, now);
      if (before === undefined || before === now) continue;
      events.push({
        equipmentId: this.#equipmentId,
        level: now === 'CC' ? 'warning' : 'info',
        kind: 'regulation_changed',
        channel: reading.channel,
        message:
          now === 'CC'
            ? `${this.#equipmentId} CH${reading.channel} CV → CC: current limited at ${reading.current_actual.toFixed(3)} A (set ${reading.current_set} A)`
            : `${this.#equipmentId} CH${reading.channel} CC → CV: back to constant voltage at ${reading.voltage_actual.toFixed(3)} V`,
        details: {
          from: before,
          to: now,
          voltage_v: reading.voltage_actual,
          current_a: reading.current_actual,
        },
        timestampMs,
      });
    }
    return events;
  }
}
