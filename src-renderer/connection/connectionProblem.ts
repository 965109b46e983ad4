/**
 * Why the dashboard is not connected, told apart so the page can say what is wrong and what to do: a page
 * opened without its token, a token the backend refuses, a backend that does not admit this page's origin
 * (another bench, see `--allow-origin`), a backend that cannot be reached (or was lost),
 * one at its connection limit, one speaking another protocol version. Waiting cannot fix a missing or
 * refused token, a refused origin or a version mismatch, so those stop the retries; the rest are retried with backoff.
 */
import { CloseCode } from '../../shared/protocol/constants';
import { EndpointError } from './endpoint';

export type ConnectionProblemKind =
  | 'no_token'
  | 'token_rejected'
  | 'origin_refused'
  | 'version_mismatch'
  | 'busy'
  | 'unreachable'
  | 'connection_lost';

export interface ConnectionProblem {
  kind: ConnectionProblemKind;
  /** What the browser or the server said (a close reason, an error message); may be empty. */
  detail: string;
  /** Whether trying again later can succeed on its own. */
  retry: boolean;
}

/**
 * A closed socket's code and reason as a problem. `wasOpen`: the socket had completed the handshake
 * (a live connection was lost) rather than failing to get there.
 */
export function problemFromClose(code: number, reason: string, wasOpen: boolean): ConnectionProblem {
  switch (code) {
    case CloseCode.unauthorized:
      return { kind: 'token_rejected', detail: reason, retry: false };
    // Another backend that does not admit this dashboard's origin: only its owner can (--allow-origin).
    case CloseCode.originNotAllowed:
      return { kind: 'origin_refused', detail: reason, retry: false };
    case CloseCode.protocolMismatch:
      return { kind: 'version_mismatch', detail: reason, retry: false };
    case CloseCode.tryAgainLater:
      return { kind: 'busy', detail: reason, retry: true };
    default:
      return { kind: wasOpen ? 'connection_lost' : 'unreachable', detail: reason, retry: true };
  }
}

/** A failure to find the backend's address and token as a problem. */
export function problemFromEndpointError(err: unknown): ConnectionProblem {
  const detail = err instanceof Error ? err.message : String(err);
  // No token in the page's URL: it will not appear by waiting.
  if (err instanceof EndpointError) return { kind: 'no_token', detail, retry: false };
  return { kind: 'unreachable', detail, retry: true };
}
