/**
 * One bench's connection as its card in the overview states it: connecting, open, reconnecting (with the
 * backoff's countdown), or refused with the reason — wrong token, origin not allowed (naming the flag and
 * the exact origin to pass), another protocol version — or unreachable. Pure, so each reason is tested.
 * A command to type is in backticks (the card shows it as code).
 */
import type { LinkInfo } from '../store/benchState';

export type BenchLinkPhase = 'connecting' | 'open' | 'reconnecting' | 'refused' | 'closed';

export interface BenchLinkView {
  phase: BenchLinkPhase;
  /** A word or two for the badge. */
  label: string;
  /** What is wrong and what to do; undefined while all is well. */
  reason?: string;
}

export function benchLinkView(
  link: Pick<LinkInfo, 'state' | 'problem' | 'nextRetryAtMs' | 'backendAddress'>,
  nowMs: number,
  pageOrigin: string,
): BenchLinkView {
  if (link.state === 'open') return { phase: 'open', label: 'Connected' };
  const at = link.backendAddress ?? 'its address';
  const retry =
    link.nextRetryAtMs === undefined
      ? ''
      : ` Retrying in ${(Math.max(0, link.nextRetryAtMs - nowMs) / 1000).toFixed(1)} s.`;
  const phase = link.state === 'closed' ? 'closed' : link.state;
  switch (link.problem?.kind) {
    case 'token_rejected':
    case 'no_token':
      return {
        phase: 'refused',
        label: 'Wrong token',
        reason: `The bench at ${at} refused the token. Its token is new at every start unless BENCHTOP_TOKEN fixes it: remove the bench and add it again with the line it prints now.`,
      };
    case 'origin_refused':
      return {
        phase: 'refused',
        label: 'Origin not allowed',
        reason: `The bench at ${at} does not admit dashboards from ${pageOrigin}. Start it with \`--allow-origin ${pageOrigin}\` (it still asks for its token), then retry.`,
      };
    case 'version_mismatch':
      return {
        phase: 'refused',
        label: 'Other version',
        reason: `The bench at ${at} speaks another protocol version; update one of the two.`,
      };
    case 'busy':
      return {
        phase,
        label: 'Busy',
        reason: `The bench at ${at} has all the connections it accepts.${retry}`,
      };
    case 'unreachable':
      return {
        phase,
        label: phase === 'reconnecting' ? 'Reconnecting' : 'Unreachable',
        reason: `Nothing answers at ${at}: is that backend running, and is the address right?${retry}`,
      };
    case 'connection_lost':
      return { phase, label: 'Reconnecting', reason: `Lost the connection to ${at}.${retry}` };
    case undefined:
      break;
  }
  if (phase === 'closed') return { phase, label: 'Closed' };
  return { phase, label: phase === 'reconnecting' ? 'Reconnecting' : 'Connecting' };
}
