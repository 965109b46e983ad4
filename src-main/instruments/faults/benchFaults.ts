/** A bench entry's `faults` (snake_case, validated in shared/protocol/bench.ts) as FaultyDriver options. */
import type { BenchFaults } from '../../../shared/protocol/index.js';
import type { FaultOptions } from './faultOptions.js';

export function faultOptionsOf(faults: BenchFaults): FaultOptions {
  return {
    latencyMs: faults.latency_ms,
    stallProbability: faults.stall_probability,
    stallMs: faults.stall_ms,
    lostReplyProbability: faults.lost_reply_probability,
    garbledReplyProbability: faults.garbled_reply_probability,
    dropReadProbability: faults.drop_read_probability,
    disconnectAfterReads: faults.disconnect_after_reads,
    reconnectAfterMs: faults.reconnect_after_ms,
    seed: faults.seed,
  };
}
