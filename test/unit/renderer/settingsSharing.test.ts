/**
 * Settings read back from an instrument are stored sharing what did not change: the scope panel re-reads
 * its settings twice a second while live, and an identical reply must not re-render every component that
 * selects them (docs/BENCHMARKS.md, rendererLive).
 */
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { BenchActions } from '../../../src-renderer/store/BenchActions';
import { createBenchesSlice, type BenchesSlice } from '../../../src-renderer/store/benchesSlice';
import type { InstrumentSettings } from '../../../src-renderer/store/benchState';
import { sharedSettings } from '../../../src-renderer/store/settingsSharing';

/** A fresh reply each time, as `get_parameters` gives one. */
const reply = (triggerState = "Trig'd", ch2Volts = 1): InstrumentSettings => ({
  global: { timebase: 0.001, trigger_state: triggerState, trigger_level: 0 },
  channels: {
    '1': { enabled: true, volts_per_div: 1 },
    '2': { enabled: true, volts_per_div: ch2Volts },
  },
});

describe('sharedSettings', () => {
  it('returns the stored object when the reply says the same', () => {
    const current = reply();
    expect(sharedSettings(current, reply())).toBe(current);
  });

  it('keeps the sections that did not change and takes the ones that did', () => {
    const current = reply();
    const triggered = sharedSettings(current, reply('Armed'));
    expect(triggered).not.toBe(current);
    expect(triggered.global.trigger_state).toBe('Armed');
    expect(triggered.channels).toBe(current.channels);

    const ch2 = sharedSettings(current, reply("Trig'd", 2));
    expect(ch2.global).toBe(current.global);
    expect(ch2.channels['1']).toBe(current.channels['1']);
    expect(ch2.channels['2']).toEqual({ enabled: true, volts_per_div: 2 });
  });

  it('sees a setting that appears, disappears or changes type', () => {
    const current = reply();
    const added = sharedSettings(current, { ...reply(), global: { ...reply().global, holdoff: 0 } });
    expect(added.global).toHaveProperty('holdoff', 0);
    const { trigger_level: _dropped, ...fewer } = reply().global;
    expect(sharedSettings(current, { ...reply(), global: fewer }).global).not.toHaveProperty('trigger_level');
    const typed = sharedSettings(current, { ...reply(), global: { ...reply().global, trigger_level: '0' } });
    expect(typed.global.trigger_level).toBe('0');
    const channelGone = sharedSettings(current, {
      global: reply().global,
      channels: { '1': reply().channels['1']! },
    });
    expect(Object.keys(channelGone.channels)).toEqual(['1']);
    expect(channelGone.global).toBe(current.global);
  });

  it('takes the reply as it is when nothing was stored', () => {
    const first = reply();
    expect(sharedSettings(undefined, first)).toBe(first);
  });
});

describe('BenchActions.setSettings', () => {
  it('does not notify subscribers when a re-read finds the settings unchanged', () => {
    const store = createStore<BenchesSlice>()(createBenchesSlice);
    const actions = new BenchActions(store, 'bench-a');
    actions.setSettings('scope_1', reply());
    const stored = store.getState().benches['bench-a']!.settings.scope_1;
    let notified = 0;
    store.subscribe(() => notified++);

    for (let i = 0; i < 10; i++) actions.setSettings('scope_1', reply());
    expect(notified).toBe(0);
    expect(store.getState().benches['bench-a']!.settings.scope_1).toBe(stored);

    actions.setSettings('scope_1', reply('Armed'));
    expect(notified).toBe(1);
    const next = store.getState().benches['bench-a']!.settings.scope_1!;
    expect(next.global.trigger_state).toBe('Armed');
    expect(next.channels).toBe(stored!.channels);
  });
});
