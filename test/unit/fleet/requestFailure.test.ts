/**
 * A failed NATS request to a bench, as the dashboard reports it. The errors are @nats-io v3's own classes,
 * built as its request path builds them (nats-core's RequestOne.resolver wraps anything but a timeout in a
 * RequestError whose cause is the original; the mux turns the broker's 503 into a NoRespondersError).
 * test/integration/fleet/fleet.test.ts asks a real nats-server for a bench nobody serves.
 */
import {
  ClosedConnectionError,
  NoRespondersError,
  PermissionViolationError,
  RequestError,
  TimeoutError,
} from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { isNoResponders, requestFailure } from '../../../src-main/fleet/requestFailure.js';

const SUBJECT = 'benchtop.bench.bench-a.control';

/** What `nc.request` rejects with when no agent subscribes to the bench's control subject. */
function noResponders(): RequestError {
  const cause = new NoRespondersError(SUBJECT);
  return new RequestError(cause.message, { cause });
}

describe('requestFailure', () => {
  it("maps v3's no-responders (a RequestError caused by NoRespondersError) to an absent bench, not a slow one", () => {
    const err = noResponders();
    // What the old check looked for: neither the error nor its cause is named so in v3.
    expect([err.name, (err.cause as Error).name]).not.toContain('NoRespondersError');
    expect(isNoResponders(err)).toBe(true);
    expect(isNoResponders(err.cause)).toBe(true);
    expect(requestFailure('bench-a', err, 5_000)).toEqual({
      kind: 'error',
      code: 'not_found',
      message: 'bench bench-a is not on the fleet: no agent is listening for it',
    });
    expect(requestFailure('bench-a', err, 5_000, { lastSeenAgoMs: 12_400 })).toEqual({
      kind: 'error',
      code: 'not_found',
      message: 'bench bench-a is offline: no agent is listening for it (last seen 12 s ago)',
    });
  });

  it('keeps "did not answer within" for a timeout only', () => {
    expect(isNoResponders(new TimeoutError())).toBe(false);
    expect(requestFailure('bench-a', new TimeoutError(), 5_000)).toEqual({
      kind: 'error',
      code: 'busy',
      message: 'bench bench-a did not answer within 5000 ms',
    });
  });

  it("names a permission refusal and passes the library's words for anything else", () => {
    const denied = new PermissionViolationError(
      `Permissions Violation for Publish to "${SUBJECT}"`,
      'publish',
      SUBJECT,
    );
    const refused = requestFailure('bench-a', new RequestError(denied.message, { cause: denied }), 5_000);
    expect(refused).toMatchObject({ kind: 'error', code: 'unauthorized' });
    expect(refused.message).toContain(`do not allow requests to bench bench-a`);
    expect(refused.message).toContain(SUBJECT);

    expect(requestFailure('bench-a', new RequestError('connection closed'), 5_000)).toEqual({
      kind: 'error',
      code: 'busy',
      message: 'bench bench-a could not be asked: connection closed',
    });
    expect(requestFailure('bench-a', new ClosedConnectionError(), 5_000)).toMatchObject({
      code: 'busy',
      message: 'bench bench-a could not be asked: closed connection',
    });
  });
});
