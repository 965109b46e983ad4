/**
 * The store persists the preferences only: a change to a bench's state must not write localStorage (the
 * persist middleware wrote after every set — many a second with 20 benches — see docs/BENCHMARKS.md,
 * "fleetPixel"); a change to the preferences still does.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';

const writes: string[] = [];
const items = new Map<string, string>();
vi.stubGlobal('localStorage', {
  getItem: (key: string) => items.get(key) ?? null,
  setItem: (key: string, value: string) => {
    writes.push(key);
    items.set(key, value);
  },
  removeItem: (key: string) => items.delete(key),
});
afterAll(() => vi.unstubAllGlobals());

describe('the store and localStorage', () => {
  it('writes the preferences when they change, not when a bench changes', async () => {
    const { useAppStore } = await import('../../../src-renderer/store');
    const { BenchActions } = await import('../../../src-renderer/store/BenchActions');
    const bench = new BenchActions(useAppStore, 'rig-1');
    bench.setConnection({ state: 'open' });
    const before = writes.length;
    for (let i = 0; i < 20; i++) bench.setConnection({ messageRateHz: i });
    expect(writes.length).toBe(before);

    const { preferences } = useAppStore.getState();
    useAppStore.setState({
      preferences: { ...preferences, theme: preferences.theme === 'dark' ? 'light' : 'dark' },
    });
    expect(writes.slice(before)).toEqual(['benchtop.preferences']);
  });
});
