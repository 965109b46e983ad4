/**
 * What the page says while it is not connected, in words a person can act on: what is wrong, since when,
 * and what to do. Pure: the banner and the empty instrument area render what this returns.
 */
import type { ConnectionState } from '../connection/ConnectionManager';
import type { ConnectionProblem } from '../connection/connectionProblem';
import { formatGap } from '../connection/linkEvents';

export interface ConnectionNoticeInput {
  state: ConnectionState;
  problem: ConnectionProblem | undefined;
  /** When an open connection was lost, ms since the epoch; undefined before the first connection. */
  disconnectedSinceMs: number | undefined;
  nextRetryAtMs: number | undefined;
  /** Where the page looks for the backend, e.g. "127.0.0.1:5173". */
  backendAddress: string | undefined;
  nowMs: number;
  /** This page's origin (`http://127.0.0.1:5173`), named in the advice when another bench refuses it. */
  pageOrigin?: string;
  /** What to do when the bench is out of reach, when not a direct backend's (BenchLimits.outageAdvice). */
  outageAdvice?: string;
}

export interface ConnectionNotice {
  tone: 'warning' | 'error';
  title: string;
  /** What to do about it. */
  advice: string;
  /** "Retrying in 2.5 s", while a retry is scheduled. */
  retry?: string;
}

const SERVE = 'Open the URL printed by `npm run serve`, including its #token=… part';

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour12: false });
}

/** The notice for the current state; undefined while connected or simply connecting for the first time. */
export function connectionNotice(input: ConnectionNoticeInput): ConnectionNotice | undefined {
  const { state, problem, disconnectedSinceMs, nextRetryAtMs, nowMs } = input;
  if (state === 'open') return undefined;
  const retry =
    nextRetryAtMs === undefined
      ? undefined
      : `Retrying in ${(Math.max(0, nextRetryAtMs - nowMs) / 1000).toFixed(1)} s.`;
  const at = input.backendAddress ? ` at ${input.backendAddress}` : '';
  switch (problem?.kind) {
    case 'no_token':
      return {
        tone: 'error',
        title: 'This page has no access token, so the backend will not talk to it.',
        advice: `${SERVE}.`,
      };
    case 'token_rejected':
      return {
        tone: 'error',
        title: `The backend${at} refused this page's access token${problem.detail ? ` (${problem.detail})` : ''}.`,
        advice:
          'The token is new at every start of the backend unless BENCHTOP_TOKEN fixes it. ' +
          `${SERVE} this time, then reload.`,
      };
    case 'origin_refused': {
      const origin = input.pageOrigin ?? "this page's origin";
      return {
        tone: 'error',
        title: `The backend${at} does not admit dashboards from ${origin}.`,
        advice: `Start that backend with --allow-origin ${origin} (it still asks for its token), then retry.`,
      };
    }
    case 'version_mismatch':
      return {
        tone: 'error',
        title: 'This page and the backend speak different protocol versions.',
        advice: 'Reload the page to get the dashboard the backend serves.',
      };
    case 'busy':
      return {
        tone: 'warning',
        title: `The backend${at} has all the connections it accepts.`,
        advice: 'Close a dashboard or script connected to it; this page keeps trying.',
        retry,
      };
    default:
      break;
  }
  if (disconnectedSinceMs !== undefined) {
    return {
      tone: 'warning',
      title: `Backend unreachable since ${clock(disconnectedSinceMs)} (${formatGap(nowMs - disconnectedSinceMs)}).`,
      advice:
        'The values shown are the last received and are not updating. Captures on the backend carry on. ' +
        (input.outageAdvice ?? 'If the backend stopped, start it again (`npm run serve`).'),
      retry,
    };
  }
  if (problem === undefined) return undefined;
  return {
    tone: 'warning',
    title: `Cannot reach the backend${at}.`,
    advice: input.outageAdvice ?? 'Check that it is running (`npm run serve` prints the address to open).',
    retry,
  };
}
