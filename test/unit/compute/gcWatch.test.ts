import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../bench/lib/collectGarbage.js';
import { GcWatch } from '../../bench/lib/gcWatch.js';

const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('GcWatch', () => {
  it('reports the collections made while it watches, not one made just before it started', async () => {
    // GIVEN a watch already running, so that Node emits collection entries at all
    const earlier = new GcWatch();
    try {
      // WHEN a full collection is forced and a new watch made right after it, before its entry is delivered
      collectGarbage();
      const later = new GcWatch();
      try {
        await nextTurn();
        // THEN only the earlier watch saw it
        expect(earlier.pauses.some((p) => p.kind === 'major')).toBe(true);
        expect(later.pauses.filter((p) => p.kind === 'major')).toEqual([]);
        // AND a collection forced while the new watch runs is its own
        collectGarbage();
        await nextTurn();
        expect(later.pauses.some((p) => p.kind === 'major')).toBe(true);
      } finally {
        later.stop();
      }
    } finally {
      earlier.stop();
    }
  });
});
