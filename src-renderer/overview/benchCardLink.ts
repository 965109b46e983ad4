/**
 * What a direct bench's card reads of its connection, field by field. The connection slice is rewritten
 * with the link's figures (message counts, rates) every 250 ms by benchWiring; a card selecting the whole
 * slice rendered with each: 4 renders and commits a second of this dashboard's own card on the fleet page,
 * for nothing it shows. Selected with `useShallow`, the card renders only when one of these fields changes.
 */
import type { BenchState } from '../store/benchState';

/** The fields of the connection a card shows; select with `useShallow`, so equal fields render nothing. */
export function benchCardLink(s: BenchState) {
  const { connection } = s;
  return {
    state: connection.state,
    problem: connection.problem,
    nextRetryAtMs: connection.nextRetryAtMs,
    backendAddress: connection.backendAddress,
    /** Stream gaps counted on this link (the card says how many when there are any). */
    gaps: connection.stats?.gaps ?? 0,
  };
}
