import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../../../../shared/protocol/fleet';
import { applyFleetRecords, emptyFleetLive } from '../../../../src-renderer/fleet/fleetLive';

const reading = (channel: number, v: number, i: number, cc = false) => ({
  channel,
  voltage_set: v,
  current_set: 1,
  voltage_actual: v,
  current_actual: i,
  power: v * i,
  output_enabled: true,
  in_cv_mode: !cc,
  in_cc_mode: cc,
  timestamp: 0,
});
const record = (
  seq: number,
  kind: HistoryRecord['kind'],
  data: unknown,
  equipment_id?: string,
): HistoryRecord => ({
  bench: 'rig-1',
  seq,
  timestamp: 1_000 + seq,
  kind,
  equipment_id,
  data,
});

describe('fleet records → a card’s key values', () => {
  it('keeps the latest supply channels (V, I, mode) and scope measurement per instrument', () => {
    const live = applyFleetRecords(emptyFleetLive(), [
      record(1, 'readings', [reading(2, 3.3, 0.1), reading(1, 5, 0.5)], 'psu_1'),
      record(2, 'measurements', { CH1: { vpp: 2, frequency: 1_000 } }, 'scope_1'),
      record(3, 'readings', [reading(1, 4.2, 1, true), reading(2, 3.3, 0.1)], 'psu_1'),
    ]);
    expect(live.supplies.psu_1).toEqual([
      { channel: 1, voltageV: 4.2, currentA: 1, output: true, mode: 'CC' },
      { channel: 2, voltageV: 3.3, currentA: 0.1, output: true, mode: 'CV' },
    ]);
    expect(live.measurements.scope_1).toEqual({ label: 'CH1 frequency', text: '1.000 kHz' });
    expect(live).toMatchObject({ lastSeq: 3, lastRecordMs: 1_003, missingRecords: 0 });
  });

  it('never takes a record twice (backfill and live overlap) and counts the records that never came', () => {
    const first = applyFleetRecords(emptyFleetLive(), [
      record(10, 'readings', [reading(1, 5, 0.5)], 'psu_1'),
      record(11, 'readings', [reading(1, 6, 0.5)], 'psu_1'),
    ]);
    // A live batch that overlaps the backfill: 11 again (older value) must not win, 12 does.
    const second = applyFleetRecords(first, [
      record(11, 'readings', [reading(1, 1, 0.5)], 'psu_1'),
      record(12, 'readings', [reading(1, 7, 0.5)], 'psu_1'),
    ]);
    expect(second.supplies.psu_1?.[0]?.voltageV).toBe(7);
    expect(applyFleetRecords(second, [record(12, 'readings', [], 'psu_1')])).toBe(second);
    const afterGap = applyFleetRecords(second, [record(20, 'readings', [reading(1, 8, 0.5)], 'psu_1')]);
    expect(afterGap.missingRecords).toBe(7);
  });

  it('follows alarms raised and cleared, and captures until they end', () => {
    const raised = applyFleetRecords(emptyFleetLive(), [
      record(1, 'event', {
        kind: 'alarm_raised',
        level: 'alarm',
        equipment_id: 'psu_1',
        details: { alarm_id: 'a1', name: 'Over current' },
      }),
      record(2, 'event', {
        kind: 'acquisition_state',
        details: { acquisition_id: 'acq-1', state: 'running' },
      }),
      record(3, 'event', { kind: 'acquisition_state', details: { acquisition_id: 'acq-2', state: 'armed' } }),
    ]);
    expect(raised.alarms).toEqual({ a1: { name: 'Over current', level: 'alarm', equipmentId: 'psu_1' } });
    expect(raised.captures).toEqual({ 'acq-1': 'running', 'acq-2': 'armed' });
    const later = applyFleetRecords(raised, [
      record(4, 'event', { kind: 'alarm_cleared', details: { alarm_id: 'a1' } }),
      record(5, 'event', {
        kind: 'acquisition_state',
        details: { acquisition_id: 'acq-1', state: 'complete' },
      }),
    ]);
    expect(later.alarms).toEqual({});
    expect(later.captures).toEqual({ 'acq-2': 'armed' });
  });

  it('ignores records whose data is not what it claims', () => {
    const live = applyFleetRecords(emptyFleetLive(), [
      record(1, 'readings', 'garbage', 'psu_1'),
      record(2, 'readings', [{ channel: 1 }], 'psu_1'),
      record(3, 'measurements', null, 'scope_1'),
      record(4, 'event', 42),
    ]);
    expect(live).toMatchObject({ lastSeq: 4, supplies: {}, measurements: {}, alarms: {}, captures: {} });
  });
});
