/**
 * Typed message handlers: per message type, per stream, and generic (every message). Registering returns
 * the unsubscribe function. A handler that throws is caught and counted; delivery to the others continues.
 */
import type { DecodedFrame } from '../../shared/codec/frame';
import type { ServerMessage, ServerMessageType, StreamDataMessage } from '../../shared/protocol/server';
import { callEach } from './callEach';

type MessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;
type Handler<M> = (message: M) => void;
/** One stream's data: a JSON `stream_data` message, or a decoded binary frame. */
export type StreamData = StreamDataMessage | DecodedFrame;

export class HandlerRegistry {
  readonly #byType = new Map<ServerMessageType, Set<Handler<never>>>();
  readonly #generic = new Set<Handler<ServerMessage>>();
  readonly #byStream = new Map<string, Set<Handler<StreamData>>>();
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

  /**
   * Handles one stream's data, by stream key (`equipment/type/channel`, see streamKey): the key outlives
   * stream ids, so the handler keeps receiving after a reconnect or a restart of the stream.
   */
  onStream(key: string, handler: Handler<StreamData>): () => void {
    let set = this.#byStream.get(key);
    if (!set) this.#byStream.set(key, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0 && this.#byStream.get(key) === set) this.#byStream.delete(key);
    };
  }

  dispatchStream(key: string, data: StreamData): void {
    const handlers = this.#byStream.get(key);
    if (handlers) callEach(handlers, data, this.#failed);
  }

  dispatch(message: ServerMessage): void {
    const typed = this.#byType.get(message.type);
    if (typed) callEach(typed as Set<Handler<ServerMessage>>, message, this.#failed);
    callEach(this.#generic, message, this.#failed);
  }

  readonly #failed = (err: unknown): void => {
    this.errors++;
    this.onHandlerError(err);
  };
}
