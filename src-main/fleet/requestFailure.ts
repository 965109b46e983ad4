/**
 * What a failed NATS request to a bench means, as the error reply a dashboard shows. @nats-io v3 rejects a
 * request with no subscriber on the subject (the broker's 503 status) as a `RequestError` whose `cause`
 * is a `NoRespondersError` — named "RequestError", its cause named "NoResponders" — and a request nobody
 * answered in time as a `TimeoutError`. The caller used to test the name against "NoRespondersError",
 * which v3 never uses, so a bench with no agent listening was reported at once as "did not answer within
 * 5000 ms": a slow bench, when it is an absent one.
 */
import {
  NoRespondersError,
  PermissionViolationError,
  RequestError,
  TimeoutError,
} from '@nats-io/transport-node';
import type { FleetReply } from '../../shared/protocol/index.js';

export type FleetErrorReply = Extract<FleetReply, { kind: 'error' }>;

/** A bench that announced itself to this backend: how long ago it last did, ms. */
export interface BenchSighting {
  lastSeenAgoMs: number;
}

/** Whether `err` is the broker's "no responders" for a request (v3: a RequestError caused by one). */
export function isNoResponders(err: unknown): boolean {
  return err instanceof NoRespondersError || (err instanceof RequestError && err.isNoResponders());
}

/**
 * The error reply for a request to `bench` that rejected with `err` after waiting up to `timeoutMs`.
 * `seen`: the bench's last presence, if it ever announced itself to this backend.
 */
export function requestFailure(
  bench: string,
  err: unknown,
  timeoutMs: number,
  seen?: BenchSighting,
): FleetErrorReply {
  if (isNoResponders(err)) {
    return {
      kind: 'error',
      code: 'not_found',
      message:
        seen === undefined
          ? `bench ${bench} is not on the fleet: no agent is listening for it`
          : `bench ${bench} is offline: no agent is listening for it (last seen ${Math.round(seen.lastSeenAgoMs / 1_000)} s ago)`,
    };
  }
  if (err instanceof TimeoutError) {
    return { kind: 'error', code: 'busy', message: `bench ${bench} did not answer within ${timeoutMs} ms` };
  }
  const cause = err instanceof Error ? err.cause : undefined;
  if (cause instanceof PermissionViolationError || err instanceof PermissionViolationError) {
    return {
      kind: 'error',
      code: 'unauthorized',
      message: `this backend's NATS credentials do not allow requests to bench ${bench} (${(err as Error).message})`,
    };
  }
  // The connection closed or is draining (this backend stopping), or another failure the library names.
  const detail = err instanceof Error ? err.message : String(err);
  return { kind: 'error', code: 'busy', message: `bench ${bench} could not be asked: ${detail}` };
}
