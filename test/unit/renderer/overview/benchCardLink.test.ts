/**
 * A direct bench's card reads the fields of its connection it shows (compared one by one, useShallow), so
 * the link figures written every 250 ms (benchWiring's stats snapshot) render nothing while what the card
 * shows stays the same.
 */
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { BenchClient } from '../../../../src-renderer/client/BenchClient';
import { benchCardLink } from '../../../../src-renderer/overview/benchCardLink';
import { createBenchesSlice, type BenchesSlice } from '../../../../src-renderer/store/benchesSlice';
import type { BenchState } from '../../../../src-renderer/store/benchState';

function bench(): { state: () => BenchState; client: BenchClient } {
  const store = createStore<BenchesSlice>()(createBenchesSlice);
  // Never started: no socket.
  const client = new BenchClient({
    benchId: 'b',
    store,
    getEndpoint: () => Promise.reject(new Error('not used')),
  });
  return { state: () => store.getState().benches.b!, client };
}

const read = (s: BenchState): unknown[] => Object.values(benchCardLink(s));

describe("a bench card's view of its link", () => {
  it('stays the same values through a stats snapshot that changes only the link figures', () => {
    const { state, client } = bench();
    const problem = { kind: 'connection_lost', retry: true } as BenchState['connection']['problem'];
    client.state.setConnection({ state: 'open', backendAddress: '127.0.0.1:8080', problem });
    const before = read(state());
    const stats = { messagesReceived: 1_000, gaps: 0 } as BenchState['connection']['stats'];
    // As benchWiring's snapshot writes it: new stats, the same link state.
    client.state.setConnection({ stats, messageRateHz: 312, backendAddress: '127.0.0.1:8080', problem });
    expect(state().connection).not.toBe(undefined);
    read(state()).forEach((value, i) => expect(value).toBe(before[i]));
  });

  it('changes with what the card shows: the state, and gaps once there are any', () => {
    const { state, client } = bench();
    client.state.setConnection({ state: 'open' });
    client.state.setConnection({
      stats: { messagesReceived: 5, gaps: 2 } as BenchState['connection']['stats'],
    });
    expect(benchCardLink(state()).gaps).toBe(2);
    client.state.setConnection({ state: 'reconnecting' });
    expect(benchCardLink(state()).state).toBe('reconnecting');
  });
});
