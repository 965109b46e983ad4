/**
 * Hands one value to every listener of a set, each call on its own: a listener that throws does not keep
 * the value from the listeners after it, nor the caller from what it does next (a stream's handlers, a
 * fleet flush's ack, a reconnect). What it threw goes to `report` (the connection's: counted in
 * `stats.handlerErrors` and logged), never dropped.
 */
export function callEach<T>(
  listeners: Iterable<(value: T) => void>,
  value: T,
  report: (error: unknown) => void,
): void {
  for (const listener of listeners) {
    try {
      listener(value);
    } catch (err) {
      report(err);
    }
  }
}
