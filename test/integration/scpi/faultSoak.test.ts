/**
 * The fault soak in miniature (the full one is `npm run bench -- scpiSoak`): against every emulator, a few
 * faults of each kind (stall past the timeout, lost reply, garbage, disconnect) while the transport asks
 * queries whose replies have different shapes. No stale reply may ever be taken for another query's
 * answer, and every fault must be followed by a good reply. Recovery times are not asserted (wall clock
 * on a shared machine); the benchmark reports them against its 1 s target.
 */
import { describe, expect, it } from 'vitest';
import { soak, soakTargets } from '../../bench/lib/scpiSoak.js';

describe('SCPI fault soak (short)', async () => {
  const targets = await soakTargets();
  it.each(targets.map((t) => [t.name, t] as const))(
    '%s: no desyncs, every fault recovered',
    async (_name, target) => {
      const result = await soak(target, {
        durationMs: 3_300,
        faultEveryMs: 400,
        timeoutMs: 300,
        stallMs: 500,
      });
      expect(result.examples).toEqual([]);
      expect(result.desyncs).toBe(0);
      for (const kind of ['stall', 'lost_reply', 'garbage', 'disconnect'] as const)
        expect(result.injected[kind]).toBeGreaterThanOrEqual(1);
      expect(result.recoveryMs.garbage).toHaveLength(result.injected.garbage);
      expect(result.recoveryMs.disconnect).toHaveLength(result.injected.disconnect);
      expect(result.good).toBeGreaterThan(result.queries / 2);
    },
  );
});
