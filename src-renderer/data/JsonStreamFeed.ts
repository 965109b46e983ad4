/**
 * The latest message of a JSON stream the dashboard has no dedicated view for (an instrument without a
 * known profile): the generic panel shows its numeric and boolean fields as they arrive.
 */
export class JsonStreamFeed {
  #latest: Record<string, unknown> | undefined;
  readonly #listeners = new Set<() => void>();
  /** When the last message arrived (ms since the epoch). */
  lastReceivedMs: number | undefined;

  latest(): Record<string, unknown> | undefined {
    return this.#latest;
  }

  accept(data: Record<string, unknown>): void {
    this.#latest = data;
    this.lastReceivedMs = Date.now();
    for (const listener of this.#listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
