/**
 * Typed message handlers: per message type, and generic (every message). Registering returns the
 * unsubscribe function. A handler that throws is caught and counted; delivery to the others continues.
 */
import type { ServerMessage, ServerMessageType } from '../../shared/protocol/server';

type MessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;
type Handler<M> = (message: M) => void;

export class HandlerRegistry {
  readonly #byType = new Map<ServerMessageType, Set<Handler<never>>>();
  readonly #generic = new Set<Handler<ServerMessage>>();
  /** Exceptions thrown by handlers (each caught). */
  errors = 0;
  onHandlerError: (error: unknown) => void = () => {};

  on<T extends ServerMessageType>(type: T, handler: Handler<MessageOf<T>>): () => void {
    let set = this.#byType.get(type);
    if (!set) this.#byType.set(type, (set = new Set()));
    set.add(handler as Handler<never>);
    return () => set.delete(handler as Handler<never>);
  }

  onAny(handler: Handler<ServerMessage>): () => void {
    this.#generic.add(handler);
    return () => this.#generic.delete(handler);
  }

  dispatch(message: ServerMessage): void {
    const typed = this.#byType.get(message.type);
    if (typed) for (const handler of typed) this.#call(handler as Handler<ServerMessage>, message);
    for (const handler of this.#generic) this.#call(handler, message);
  }

  #call<M>(handler: Handler<M>, message: M): void {
    try {
      handler(message);
    } catch (err) {
      this.errors++;
      this.onHandlerError(err);
    }
  }
}
