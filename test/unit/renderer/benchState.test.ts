/**
 * One bench's state as instruments come, go and change state (client/instrumentEvents.ts), kept apart from
 * every other bench's; and what the panels make of it: the panel chosen by profile, a stream's paused
 * status and the note on a panel whose instrument is not online.
 */
import { describe, expect, it } from 'vitest';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import type { EventMessage } from '../../../shared/protocol/server';
import { BenchClient } from '../../../src-renderer/client/BenchClient';
import { takeInstrumentEvent } from '../../../src-renderer/client/instrumentEvents';
import { panelProfileOf } from '../../../src-renderer/panels/panelProfile';
import { stateNoteText } from '../../../src-renderer/panels/instrumentStateNote';
import { streamStatusView } from '../../../src-renderer/panels/staleness';
import { createBenchesSlice, type BenchesSlice } from '../../../src-renderer/store/benchesSlice';

const psu = (id: string, patch: Partial<InstrumentInfo> = {}): InstrumentInfo => ({
  id,
  kind: 'power_supply',
  profile: 'power_supply',
  label: id,
  vendor: 'Benchtop',
  model: 'SIM-PSU3',
  serial: `SIM-${id}`,
  state: 'online',
  channels: [{ name: 'CH1', unit: 'V', min: 0, max: 30 }],
  streams: [{ stream_type: 'readings', min_interval_ms: 10, max_interval_ms: 60_000, encodings: ['json'] }],
  parameters: [{ name: 'voltage_set', type: 'number', unit: 'V', min: 0, max: 30, channel: 1 }],
  ...patch,
});

const event = (kind: string, details: Record<string, unknown>, timestamp = 1_000): EventMessage => ({
  type: 'event',
  level: 'info',
  kind,
  equipment_id: typeof details.equipment_id === 'string' ? details.equipment_id : undefined,
  message: kind,
  details,
  timestamp,
});

function benches(): { store: StoreApi<BenchesSlice>; client(id: string): BenchClient } {
  const store = createStore<BenchesSlice>()(createBenchesSlice);
  return {
    store,
    // Never started: no socket. Commands it would send (refreshSettings) fail quietly as not connected.
    client: (benchId) =>
      new BenchClient({ benchId, store, getEndpoint: () => Promise.reject(new Error('not used')) }),
  };
}

describe('a bench in the store', () => {
  it('takes added, changed and removed instruments into its own slice only', () => {
    const { store, client } = benches();
    const left = client('left');
    const right = client('right');
    left.state.setInstruments([psu('psu_1')]);
    right.state.setInstruments([psu('psu_1')]);

    expect(
      takeInstrumentEvent(
        left,
        event('instrument_added', { instrument: psu('psu_2', { state: 'connecting' }) }),
      ),
    ).toBe(true);
    expect(store.getState().benches.left!.instruments!.map((i) => i.id)).toEqual(['psu_1', 'psu_2']);
    expect(store.getState().benches.right!.instruments!.map((i) => i.id)).toEqual(['psu_1']);

    // A state change replaces the entry in place, and says since when.
    const offline = psu('psu_1', { state: 'offline', state_reason: 'connection refused' });
    takeInstrumentEvent(left, event('instrument_state', { state: 'offline', instrument: offline }, 5_000));
    const bench = store.getState().benches.left!;
    expect(bench.instruments!.map((i) => [i.id, i.state])).toEqual([
      ['psu_1', 'offline'],
      ['psu_2', 'connecting'],
    ]);
    expect(bench.stateSinceMs.psu_1).toBe(5_000);

    takeInstrumentEvent(left, event('instrument_removed', { equipment_id: 'psu_2' }));
    expect(store.getState().benches.left!.instruments!.map((i) => i.id)).toEqual(['psu_1']);
    expect(store.getState().benches.right!.instruments!.map((i) => i.id)).toEqual(['psu_1']);

    left.close();
    expect(store.getState().benches.left).toBeUndefined();
    expect(store.getState().benches.right).toBeDefined();
  });

  it('forgets a removed instrument everywhere: settings, stream entries, feeds, and the streams to resume', () => {
    const { store, client } = benches();
    const bench = client('local');
    bench.state.setInstruments([psu('psu_1'), psu('psu_2')]);
    bench.state.setSettings('psu_2', { global: {}, channels: { 1: { voltage_set: 3 } } });
    bench.state.setStream('psu_2/readings/*', { status: 'running' });
    bench.state.setStream('psu_1/readings/*', { status: 'running' });
    bench.feeds.psu('psu_2');
    // Wanted before the link went down: a reconnect would ask for it again.
    void bench.connection.startStream({ equipment_id: 'psu_2', stream_type: 'readings' }).catch(() => {});
    expect(bench.connection.desiredStreams()).toHaveLength(1);

    takeInstrumentEvent(bench, event('instrument_removed', { equipment_id: 'psu_2' }));

    const state = store.getState().benches.local!;
    expect(state.settings.psu_2).toBeUndefined();
    expect(Object.keys(state.streams)).toEqual(['psu_1/readings/*']);
    expect(bench.feeds.has('psu_2')).toBe(false);
    expect(bench.connection.desiredStreams()).toEqual([]);
  });

  it('ignores an instrument event whose catalog entry is malformed, and leaves other kinds to the caller', () => {
    const { store, client } = benches();
    const bench = client('local');
    bench.state.setInstruments([psu('psu_1')]);
    expect(takeInstrumentEvent(bench, event('instrument_added', { instrument: { id: 'x' } }))).toBe(true);
    expect(store.getState().benches.local!.instruments!.map((i) => i.id)).toEqual(['psu_1']);
    expect(takeInstrumentEvent(bench, event('setting_changed', { parameter: 'voltage_set' }))).toBe(false);
  });
});

describe('panels by profile and state', () => {
  it('chooses the panel by profile, by kind without one, and the generic panel for an unknown profile', () => {
    expect(panelProfileOf({ kind: 'power_supply', profile: 'power_supply' })).toBe('power_supply');
    expect(panelProfileOf({ kind: 'oscilloscope' })).toBe('oscilloscope');
    expect(panelProfileOf({ kind: 'power_supply', profile: 'electronic_load' })).toBe('generic');
    expect(panelProfileOf({ kind: 'oscilloscope', profile: 'toString' })).toBe('generic');
  });

  it('shows a wanted stream of an instrument that is not online as paused', () => {
    expect(streamStatusView('running', 'open', 'offline')).toEqual({
      text: 'paused — instrument offline',
      tone: 'paused',
    });
    expect(streamStatusView('running', 'reconnecting', 'offline').text).toBe('paused — disconnected');
    expect(streamStatusView('stopped', 'open', 'offline').text).toBe('stopped');
    expect(streamStatusView('running', 'open', 'online').text).toBe('running');
  });

  it('says why and since when an instrument is not online', () => {
    const text = stateNoteText({ state: 'offline', state_reason: 'connection refused' }, 60_000, 95_000);
    expect(text).toMatch(
      /^Offline since .+ \(35\.0 s\): connection refused — reconnecting\. Values shown are stale\.$/,
    );
    expect(stateNoteText({ state: 'error', state_reason: 'unsupported model' }, undefined, 0)).toBe(
      'Cannot be used: unsupported model — not retried. Values shown are stale.',
    );
  });
});
