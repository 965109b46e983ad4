/**
 * The overview renders once per animation frame while any fleet bench's records arrive; its cards and
 * supply rows are memoised (React compares their props with Object.is), so a card must get the very same
 * props when only another bench's reading arrived, and a row the same text when its shown digits did not
 * change. (The cards once got a new `onOpen` closure at every render: every card rendered every frame.)
 */
import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../../../../shared/protocol/fleet';
import type { FleetBenchInfo } from '../../../../shared/protocol/fleetBridge';
import type { FleetFollower, FleetView } from '../../../../src-renderer/fleet/FleetFollower';
import { applyFleetRecords, emptyFleetLive } from '../../../../src-renderer/fleet/fleetLive';
import { fleetCardProps } from '../../../../src-renderer/overview/fleetCardProps';
import { supplyRowText } from '../../../../src-renderer/overview/InstrumentKeyValues';

/** What React.memo's default comparison decides: would the component render again? */
function rendersAgain(before: object, after: object): boolean {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].some((k) => !Object.is(a[k], b[k]));
}

const info = (bench: string): FleetBenchInfo => ({
  bench,
  online: true,
  last_seen: 1,
  equipment_ids: ['psu_1'],
  lease: {},
});

const readings = (bench: string, seq: number, voltageV: number): HistoryRecord => ({
  bench,
  seq,
  timestamp: seq,
  kind: 'readings',
  equipment_id: 'psu_1',
  data: [1, 2, 3].map((channel) => ({
    channel,
    voltage_set: 5,
    current_set: 1,
    voltage_actual: voltageV,
    current_actual: 0.2,
    power: 1,
    output_enabled: false,
    in_cv_mode: false,
    in_cc_mode: false,
    timestamp: seq,
  })),
});

describe('fleet card props', () => {
  const follower = {} as FleetFollower;
  const onOpen = (): void => undefined;
  const benches = [info('rig-a'), info('rig-b')];
  const first: FleetView = {
    status: 'following',
    controller: 'dash-1',
    benches,
    live: {
      'rig-a': applyFleetRecords(emptyFleetLive(), [readings('rig-a', 1, 0.001)]),
      'rig-b': applyFleetRecords(emptyFleetLive(), [readings('rig-b', 1, 0.002)]),
    },
    errors: {},
  };
  const withReading = (view: FleetView, bench: string, seq: number, voltageV: number): FleetView => ({
    ...view,
    live: { ...view.live, [bench]: applyFleetRecords(view.live[bench]!, [readings(bench, seq, voltageV)]) },
  });

  it("gives a card the same props when only another bench's reading arrived", () => {
    const next = withReading(first, 'rig-b', 2, 0.003);
    const before = fleetCardProps(first, benches[0]!, follower, onOpen);
    const after = fleetCardProps(next, benches[0]!, follower, onOpen);
    expect(rendersAgain(before, after)).toBe(false);
  });

  it("renders a card again when its own bench's reading arrived", () => {
    const next = withReading(first, 'rig-a', 2, 0.003);
    const before = fleetCardProps(first, benches[0]!, follower, onOpen);
    const after = fleetCardProps(next, benches[0]!, follower, onOpen);
    expect(rendersAgain(before, after)).toBe(true);
    expect(after.live?.supplies.psu_1?.[0]?.voltageV).toBe(0.003);
  });

  it('gives a supply row the same props when a reading changes below the shown digits', () => {
    const value = { channel: 1, voltageV: 1.23401, currentA: 0.2, output: false, mode: 'off' as const };
    const same = supplyRowText({ ...value, voltageV: 1.23402 });
    expect(rendersAgain(supplyRowText(value), same)).toBe(false);
    const changed = supplyRowText({ ...value, voltageV: 1.244 });
    expect(rendersAgain(supplyRowText(value), changed)).toBe(true);
    expect(changed.voltageText).not.toBe(same.voltageText);
  });
});
