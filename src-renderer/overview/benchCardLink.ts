/**
 * What a direct bench's card reads of its connection, field by field. The connection slice is rewritten
 * with the link's figures (message counts, rates) every 250 ms by benchWiring; a card selecting the whole
 * slice rendered with each: 4 renders and commits a second of this dashboard's own card on the fleet page,
 * for nothing it shows. Each selector here gives the same value until what the card shows changes.
 */
import type { BenchState } from '../store/benchState';

export const benchCardLink = {
  state: (s: BenchState) => s.connection.state,
  problem: (s: BenchState) => s.connection.problem,
  nextRetryAtMs: (s: BenchState) => s.connection.nextRetryAtMs,
  backendAddress: (s: BenchState) => s.connection.backendAddress,
  /** Stream gaps counted on this link (the card says how many when there are any). */
  gaps: (s: BenchState) => s.connection.stats?.gaps ?? 0,
} as const;
