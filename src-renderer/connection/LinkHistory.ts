/**
 * The link's history: when an open connection was lost, and, at the next welcome, whether the backend
 * found again is the run it lost or a restarted one (`welcome.instance_id` changed). It tells its
 * listeners ('lost', then 'restored' with the gap and the restart), which the events log records
 * (linkEvents.ts).
 *
 * Apart from ConnectionManager.ts, which keeps the socket's life cycle: it calls `lost` when an open
 * socket closes, `welcomed` on every welcome and `restored` once the new session is begun, and passes in
 * its clock and where a throwing listener is reported (LinkHistoryOptions), so this is driven in tests
 * without a socket.
 */
import { callEach } from './callEach';
import type { ConnectionProblem } from './connectionProblem';
import type { LinkEvent } from './connectionTypes';

export interface LinkHistoryOptions {
  /** Wall clock, ms since the epoch. */
  now(): number;
  /** What a link listener threw (the others still run). */
  listenerFailed(error: unknown): void;
}

/** What a welcome after a loss will announce once the session is begun (`restored`). */
export interface LinkRestore {
  /** When the connection was lost, ms since the epoch. */
  lostAtMs: number;
  /** The backend answering is a new run of it (another instance id than the one lost). */
  backendRestarted: boolean;
}

export class LinkHistory {
  readonly #o: LinkHistoryOptions;
  readonly #listeners = new Set<(event: LinkEvent) => void>();
  /** When the open connection was lost (ms since the epoch), until the next welcome. */
  #lostAtMs: number | undefined;
  /** `welcome.instance_id` of the backend last connected to. */
  #instanceId: string | undefined;

  constructor(options: LinkHistoryOptions) {
    this.#o = options;
  }

  /** When the open connection was lost (ms since the epoch), until the next welcome; else undefined. */
  get lostAtMs(): number | undefined {
    return this.#lostAtMs;
  }

  /** A live connection lost, or restored after a loss. */
  onEvent(listener: (event: LinkEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** An open connection closed, for `problem`: remembered from now and told. */
  lost(problem: ConnectionProblem): void {
    this.#lostAtMs = this.#o.now();
    this.#emit({ kind: 'lost', atMs: this.#lostAtMs, problem });
  }

  /**
   * A welcome with its `instance_id` (unknown: as received): remembers the backend's run and forgets the
   * loss; returns what to announce with `restored` when it followed a loss, else undefined.
   */
  welcomed(welcomeInstanceId: unknown): LinkRestore | undefined {
    // A backend from before instance ids sends none: no restart can be told, none is claimed.
    const instanceId = typeof welcomeInstanceId === 'string' ? welcomeInstanceId : undefined;
    const backendRestarted =
      this.#instanceId !== undefined && instanceId !== undefined && instanceId !== this.#instanceId;
    this.#instanceId = instanceId;
    const lostAtMs = this.#lostAtMs;
    this.#lostAtMs = undefined;
    return lostAtMs === undefined ? undefined : { lostAtMs, backendRestarted };
  }

  /** Tells the listeners the link is back (now), as `welcomed` found it. */
  restored(restore: LinkRestore): void {
    this.#emit({ kind: 'restored', atMs: this.#o.now(), ...restore });
  }

  #emit(event: LinkEvent): void {
    callEach(this.#listeners, event, this.#o.listenerFailed);
  }
}
