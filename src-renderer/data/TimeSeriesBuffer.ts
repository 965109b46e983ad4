/**
 * A fixed-capacity ring of timestamped multi-channel samples in typed arrays, kept outside React. Writers
 * push at stream rate; the chart reads a window once per animation frame. A `version` counter tells the
 * reader whether anything changed since it last drew.
 */
export class TimeSeriesBuffer {
  readonly capacity: number;
  readonly channelCount: number;
  readonly #timesS: Float64Array;
  readonly #values: Float32Array[];
  #head = 0;
  #length = 0;
  /** Incremented on every write; a reader compares it with the value it last saw. */
  version = 0;

  constructor(channelCount: number, capacity: number) {
    if (!(capacity > 0) || !(channelCount > 0))
      throw new RangeError('capacity and channel count must be positive');
    this.capacity = capacity;
    this.channelCount = channelCount;
    this.#timesS = new Float64Array(capacity);
    this.#values = Array.from({ length: channelCount }, () => new Float32Array(capacity));
  }

  get length(): number {
    return this.#length;
  }

  /** Appends one sample: time in seconds (epoch-based), one value per channel. */
  push(timeS: number, values: ArrayLike<number>): void {
    const i = this.#head;
    this.#timesS[i] = timeS;
    for (let c = 0; c < this.channelCount; c++) this.#values[c]![i] = values[c] ?? Number.NaN;
    this.#head = (i + 1) % this.capacity;
    if (this.#length < this.capacity) this.#length++;
    this.version++;
  }

  /** Time of the newest sample, s, or undefined when empty. */
  latestTimeS(): number | undefined {
    if (this.#length === 0) return undefined;
    return this.#timesS[(this.#head - 1 + this.capacity) % this.capacity];
  }

  clear(): void {
    this.#head = 0;
    this.#length = 0;
    this.version++;
  }

  /**
   * Copies the samples newer than `sinceS`, oldest first, as plain arrays for uPlot. Where two samples
   * are further apart than `gapS`, a null row is inserted so the chart draws a break, not a bridge.
   */
  window(sinceS: number, gapS = Infinity): [number[], ...(number | null)[][]] {
    const start = (this.#head - this.#length + this.capacity) % this.capacity;
    const xs: number[] = [];
    const ys: (number | null)[][] = Array.from({ length: this.channelCount }, () => []);
    let previous: number | undefined;
    for (let k = 0; k < this.#length; k++) {
      const i = (start + k) % this.capacity;
      const t = this.#timesS[i]!;
      if (t < sinceS) continue;
      if (previous !== undefined && t - previous > gapS) {
        xs.push((t + previous) / 2);
        for (const y of ys) y.push(null);
      }
      xs.push(t);
      for (let c = 0; c < this.channelCount; c++) ys[c]!.push(this.#values[c]![i]!);
      previous = t;
    }
    return [xs, ...ys];
  }
}
