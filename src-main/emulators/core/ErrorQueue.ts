/**
 * The instrument's error queue (IEEE 488.2 / SCPI-99): first in, first out, read by `SYST:ERR?`, emptied by
 * `*CLS`. When full, the newest entry becomes -350 "Queue overflow", as the standard says.
 */
import { ScpiError, SCPI_ERRORS } from './ScpiError.js';

export class ErrorQueue {
  readonly #capacity: number;
  #entries: ScpiError[] = [];

  constructor(capacity = 20) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#entries.length;
  }

  push(error: ScpiError): void {
    if (this.#entries.length < this.#capacity) this.#entries.push(error);
    else this.#entries[this.#capacity - 1] = SCPI_ERRORS.queueOverflow();
  }

  /** The oldest entry as `SYST:ERR?` answers it (`-113,"Undefined header"`), or `0,"No error"`. */
  next(): string {
    const entry = this.#entries.shift();
    return entry ? formatError(entry) : '0,"No error"';
  }

  clear(): void {
    this.#entries = [];
  }
}

export function formatError(error: ScpiError): string {
  return `${error.code},"${error.message.replaceAll('"', "'")}"`;
}
