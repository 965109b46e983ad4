import { describe, expect, it } from 'vitest';
import type { PsuChannelReading } from '../../../shared/protocol/index.js';
import { SupplyWatch } from '../../../src-main/instruments/host/supplyWatch.js';

const reading = (channel: number, mode: 'CV' | 'CC' | 'off'): PsuChannelReading => ({
  channel,
  voltage_set: 5,
  current_set: 0.2,
  voltage_actual: mode === 'CC' ? 2 : 5,
  current_actual: 0.2,
  power: 0.4,
  output_enabled: mode !== 'off',
  in_cv_mode: mode === 'CV',
  in_cc_mode: mode === 'CC',
  timestamp: 0,
});

describe('SupplyWatch', () => {
  it('reports CV → CC and CC → CV per channel, not the first reading of an output', () => {
    const watch = new SupplyWatch('psu_1');
    expect(watch.readings([reading(1, 'CV'), reading(2, 'CC')], 1)).toEqual([]);
    const [toCc, ...rest] = watch.readings([reading(1, 'CC'), reading(2, 'CC')], 2);
    expect(rest).toEqual([]);
    expect(toCc).toMatchObject({
      equipmentId: 'psu_1',
      kind: 'regulation_changed',
      level: 'warning',
      channel: 1,
      details: { from: 'CV', to: 'CC' },
      timestampMs: 2,
    });
    expect(watch.readings([reading(1, 'CC')], 3)).toEqual([]);
    expect(watch.readings([reading(1, 'CV')], 4)).toMatchObject([{ level: 'info', details: { to: 'CV' } }]);
  });

  it('forgets an output that was turned off: turning it on into CC is a setting change, not a mode change', () => {
    const watch = new SupplyWatch('psu_1');
    watch.readings([reading(1, 'CV')], 1);
    expect(watch.readings([reading(1, 'off')], 2)).toEqual([]);
    expect(watch.readings([reading(1, 'CC')], 3)).toEqual([]);
  });
});
