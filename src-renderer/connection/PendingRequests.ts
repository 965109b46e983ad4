/**
 * The connection's requests awaiting their reply, by `request_id`: each is numbered here, settled by the
 * first reply that echoes its id (rejected when that reply is an `error`), refused at once when its reply
 * came but did not read, failed when the connection closes, or rejected after its timeout. Apart from
 * ConnectionManager.ts, which sends the commands and hands every received message to `settle`.
 */
import type { ServerMessage } from '../../shared/protocol/server';
import { RequestError } from './connectionTypes';

interface Pending {
  resolve(message: ServerMessage): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class PendingRequests {
  readonly #byId = new Map<number, Pending>();
  #nextId = 1;

  /**
   * Numbers a request of `type`, sends it (`send` gets its id) and returns the promise of its reply, which
   * rejects with RequestError 'timeout' if nothing settles it within `timeoutMs` (ms), or with what `send`
   * throws.
   */
  add<M extends ServerMessage>(
    type: string,
    timeoutMs: number,
    send: (requestId: number) => void,
  ): Promise<M> {
    const requestId = this.#nextId++;
    return new Promise<M>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#byId.delete(requestId);
        reject(new RequestError('timeout', `${type} got no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#byId.set(requestId, { resolve: resolve as (m: ServerMessage) => void, reject, timer });
      try {
        send(requestId);
      } catch (err) {
        // Never sent: nothing will answer it, so it is not left pending (with its timer) until the timeout.
        this.#take(requestId);
        throw err;
      }
    });
  }

  /** Settles the request `message` answers, if it echoes a pending one's id: an `error` rejects it. */
  settle(message: ServerMessage): void {
    if (!('request_id' in message) || typeof message.request_id !== 'number') return;
    const pending = this.#take(message.request_id);
    if (pending === undefined) return;
    if (message.type === 'error')
      pending.reject(new RequestError(message.code, message.message, message.details));
    else pending.resolve(message);
  }

  /** Fails one request now with `error` (its reply came but did not read), if it is still pending. */
  refuse(requestId: number, error: RequestError): void {
    this.#take(requestId)?.reject(error);
  }

  /** Fails every pending request with RequestError 'not_connected' (the connection is gone). */
  failAll(reason: string): void {
    for (const id of [...this.#byId.keys()])
      this.#take(id)?.reject(new RequestError('not_connected', reason));
  }

  #take(requestId: number): Pending | undefined {
    const pending = this.#byId.get(requestId);
    if (pending === undefined) return undefined;
    this.#byId.delete(requestId);
    clearTimeout(pending.timer);
    return pending;
  }
}
