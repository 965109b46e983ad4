/**
 * The periodic `stats` push a client asks for with `start_stats`: a timer per connection, restarted with a
 * new period by another `start_stats` and cleared by `stop_stats` or the connection's end.
 */
export class StatsPush {
  readonly #push: () => void;
  #timer: ReturnType<typeof setInterval> | undefined;
  #intervalMs = 0;

  constructor(push: () => void) {
    this.#push = push;
  }

  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Period of the running push, ms; 0 when stopped. */
  get intervalMs(): number {
    return this.#timer === undefined ? 0 : this.#intervalMs;
  }

  /** (Re)starts pushing every `intervalMs`; the first push is one period from now. */
  start(intervalMs: number): void {
    this.stop();
    this.#intervalMs = intervalMs;
    // A plain interval: a push that runs a little late shifts nothing that matters to the client.
    this.#timer = setInterval(this.#push, intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
