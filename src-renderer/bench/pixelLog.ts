/**
 * Bench-to-pixel bookkeeping for the fleetPixel benchmark page (no DOM, no timers: the page feeds it).
 * A supply reading counts as on screen at the first animation frame whose DOM shows its values (or the
 * values of a newer reading of the same card: a reading superseded before the frame is shown by its
 * successor, as a person sees it); a trace counts as on screen at the first chart draw after it arrived.
 * Times are ms since the epoch; the page converts performance.now() with its measured clock offset.
 */
import { formatSi } from '../util/si';
import type { SupplyChannelValue } from '../benches/keyValues';

/** What a card's supply rows read for these channel values: V, A and mode, as the overview formats them. */
export function supplyRowsText(values: readonly SupplyChannelValue[]): string {
  return [...values]
    .sort((a, b) => a.channel - b.channel)
    .map(
      (v) =>
        `${formatSi(v.voltageV, 'V')} ${formatSi(v.currentA, 'A')} ${v.mode === 'unregulated' ? '—' : v.mode}`,
    )
    .join('|');
}

interface PendingReading {
  timestampMs: number;
  arrivedMs: number;
  /** What the card should read; made on first use (a reading superseded unseen is never formatted). */
  text: string | (() => string);
}

function textOf(reading: PendingReading): string {
  if (typeof reading.text === 'function') reading.text = reading.text();
  return reading.text;
}

interface PendingTrace {
  timestampMs: number;
  arrivedMs: number;
}

/** At most this many readings wait per card: past it the oldest is counted as never shown. */
const MAX_PENDING = 2_000;

export class PixelLog {
  measuring = false;
  /** Bench timestamp to the animation frame that showed it, ms. */
  readonly readingsMs: number[] = [];
  /** Bench timestamp to arrival in the page, ms (the transport's share). */
  readonly readingsArrivalMs: number[] = [];
  readonly tracesMs: number[] = [];
  readonly tracesArrivalMs: number[] = [];
  /** Readings that waited past MAX_PENDING without their values (or newer ones) being shown. */
  readingsNeverShown = 0;
  readonly #readings = new Map<string, PendingReading[]>();
  readonly #traces = new Map<string, PendingTrace[]>();

  /**
   * A supply reading for `card` arrived: what its rows should read once it is drawn — or a function making
   * that text, called only if the frame check reaches this reading (readings arrive at 100 Hz per bench and
   * most are superseded before a frame; formatting each on arrival was a cost of the probe, not the page).
   */
  noteReading(card: string, timestampMs: number, arrivedMs: number, text: string | (() => string)): void {
    let pending = this.#readings.get(card);
    if (pending === undefined) this.#readings.set(card, (pending = []));
    pending.push({ timestampMs, arrivedMs, text });
    if (pending.length > MAX_PENDING) {
      pending.shift();
      if (this.measuring) this.readingsNeverShown++;
    }
  }

  /** Cards with readings not yet seen on screen. */
  cardsWaiting(): string[] {
    return [...this.#readings].filter(([, p]) => p.length > 0).map(([card]) => card);
  }

  /**
   * An animation frame at `frameMs`: `shownText(card)` is what the card's rows read now. The newest waiting
   * reading whose text matches, and every older one, are on screen from this frame.
   */
  frame(frameMs: number, shownText: (card: string) => string | undefined): void {
    for (const [card, pending] of this.#readings) {
      if (pending.length === 0) continue;
      const text = shownText(card);
      if (text === undefined) continue;
      let newest = -1;
      for (let i = pending.length - 1; i >= 0; i--) {
        if (textOf(pending[i]!) === text) {
          newest = i;
          break;
        }
      }
      if (newest < 0) continue;
      for (const reading of pending.splice(0, newest + 1)) {
        if (!this.measuring) continue;
        this.readingsMs.push(frameMs - reading.timestampMs);
        this.readingsArrivalMs.push(reading.arrivedMs - reading.timestampMs);
      }
    }
  }

  /** A trace for `chart` arrived (one channel's record). */
  noteTrace(chart: string, timestampMs: number, arrivedMs: number): void {
    let pending = this.#traces.get(chart);
    if (pending === undefined) this.#traces.set(chart, (pending = []));
    pending.push({ timestampMs, arrivedMs });
  }

  /** `chart` drew at `drawnMs`: every trace that arrived before is on screen. */
  drawn(chart: string, drawnMs: number): void {
    const pending = this.#traces.get(chart);
    if (pending === undefined) return;
    for (const trace of pending.splice(0)) {
      if (!this.measuring) continue;
      this.tracesMs.push(drawnMs - trace.timestampMs);
      this.tracesArrivalMs.push(trace.arrivedMs - trace.timestampMs);
    }
  }
}

/**
 * Animation frames missed: for each interval between rAF callbacks, how many display periods it spans
 * beyond one (a 33 ms interval at 60 Hz is one dropped frame). The display's period, not the median
 * interval: a page that runs every frame late would otherwise count nothing dropped.
 */
export function droppedFrames(intervalsMs: readonly number[], periodMs = 1000 / 60): number {
  let dropped = 0;
  for (const interval of intervalsMs) dropped += Math.max(0, Math.round(interval / periodMs) - 1);
  return dropped;
}
