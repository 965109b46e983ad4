/** An instrument's SCPI error queue: `SYST:ERR?` takes the oldest, `0,"No error"` when empty; 20 deep. */
export class ErrorQueue {
  readonly #entries: string[] = [];

  push(code: number, message: string): void {
    // A full queue keeps its oldest entries and marks the overflow, as SCPI-99 requires.
    if (this.#entries.length >= 20) this.#entries[19] = '-350,"Queue overflow"';
    else this.#entries.push(`${code},"${message}"`);
  }

  next(): string {
    return this.#entries.shift() ?? '0,"No error"';
  }

  clear(): void {
    this.#entries.length = 0;
  }

  get length(): number {
    return this.#entries.length;
  }
}
