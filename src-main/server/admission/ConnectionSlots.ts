/**
 * Who holds a place on the server: authenticated clients (token in the URL, or a `hello` that proved it),
 * at most `maxClients`; and connections still awaiting `hello`, at most `maxPending`, kept apart so that
 * sockets that never send a token can never take a client's place. When the pending places are full a
 * newcomer displaces the one that has waited longest: real clients send `hello` within a round trip, so
 * the oldest are the ones that send nothing — refusing the newcomer instead would let a loop of silent
 * reconnects lock every client out.
 *
 * It also reports authentication and departure of clients as events, which the link-loss watchdog follows.
 */
import { CloseCode } from '../../../shared/protocol/index.js';
import { Emitter } from '../../util/index.js';

/** A session proved the token, or an authenticated session ended (closed from either side). */
export interface SessionEvent {
  kind: 'authenticated' | 'ended';
  sessionId: string;
}

/** What the slots need of a session. */
export interface SlotHolder {
  readonly id: string;
  close(code: number, reason: string): void;
}

export class ConnectionSlots<T extends SlotHolder> {
  readonly events = new Emitter<SessionEvent>();
  readonly #maxClients: number;
  readonly #maxPending: number;
  /** Oldest first: a Set iterates in insertion order. */
  readonly #pending = new Set<T>();
  readonly #authenticated = new Set<T>();

  constructor(limits: { maxClients: number; maxPending: number }) {
    this.#maxClients = limits.maxClients;
    this.#maxPending = limits.maxPending;
  }

  get authenticatedCount(): number {
    return this.#authenticated.size;
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  hasClientSlot(): boolean {
    return this.#authenticated.size < this.#maxClients;
  }

  /** Closes (4429) the connections that have waited longest for `hello` until one more fits. */
  makeRoomForPending(): void {
    for (const oldest of this.#pending) {
      if (this.#pending.size < this.#maxPending) break;
      // Closing releases it, which removes it from the set: deleting while iterating a Set is safe.
      oldest.close(CloseCode.tryAgainLater, 'too many connections awaiting hello');
      this.#pending.delete(oldest);
    }
  }

  /** Holds a place for a connection awaiting `hello`; call `makeRoomForPending` first. */
  addPending(session: T): void {
    this.#pending.add(session);
  }

  /** Counts a session that proved the token among the clients, if there is room; false when full. */
  admit(session: T): boolean {
    if (!this.hasClientSlot()) return false;
    this.#pending.delete(session);
    this.#authenticated.add(session);
    this.events.emit({ kind: 'authenticated', sessionId: session.id });
    return true;
  }

  /** Frees whatever place the session held; idempotent. */
  release(session: T): void {
    this.#pending.delete(session);
    if (this.#authenticated.delete(session)) this.events.emit({ kind: 'ended', sessionId: session.id });
  }
}
