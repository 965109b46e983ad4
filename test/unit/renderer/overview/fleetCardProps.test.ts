/**
 * The overview renders once per animation frame while any fleet bench's records arrive; its cards are
 * memoised on what they draw (sameFleetCardProps) and write their digits themselves, so a card must not
 * render again when only another bench's reading arrived, nor when its own reading changed only digits —
 * and must when what it draws changed: a channel's mode, a new instrument's values, an alarm, records
 * missed. (The cards once got a new `onOpen` closure at every render, and later rendered for every
 * reading of their bench: every card rendered every frame.) A direct bench's supply row is memoised on
 * its shown text.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../../../../shared/protocol/fleet';
import type { FleetBenchInfo } from '../../../../shared/protocol/fleetBridge';
import type { FleetFollower, FleetView } from '../../../../src-renderer/fleet/FleetFollower';
import { applyFleetRecords, emptyFleetLive } from '../../../../src-renderer/fleet/fleetLive';
import {
  fleetCardProps,
  overviewSnapshots,
  sameCardShape,
  sameFleetCardProps,
} from '../../../../src-renderer/overview/fleetCardProps';
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

const readings = (bench: string, seq: number, voltageV: number, output = false): HistoryRecord => ({
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
    output_enabled: output,
    in_cv_mode: output,
    in_cc_mode: false,
    timestamp: seq,
  })),
});

describe('fleet card props', () => {
  const follower = {} as FleetFollower;
  const onOpen = (): void => undefined;
  const subscribeLive = (): (() => void) => () => undefined;
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
  const withRecords = (view: FleetView, bench: string, records: HistoryRecord[]): FleetView => ({
    ...view,
    live: { ...view.live, [bench]: applyFleetRecords(view.live[bench]!, records) },
  });
  const withReading = (view: FleetView, bench: string, seq: number, voltageV: number): FleetView =>
    withRecords(view, bench, [readings(bench, seq, voltageV)]);
  const cardOf = (view: FleetView, bench = benches[0]!) =>
    fleetCardProps(view, bench, follower, onOpen, subscribeLive);

  it("gives a card the same props when only another bench's reading arrived", () => {
    const next = withReading(first, 'rig-b', 2, 0.003);
    expect(rendersAgain(cardOf(first), cardOf(next))).toBe(false);
    expect(sameFleetCardProps(cardOf(first), cardOf(next))).toBe(true);
  });

  it("does not render a card again when its own bench's reading changed only its digits", () => {
    const next = withReading(first, 'rig-a', 2, 0.003);
    const after = cardOf(next);
    expect(sameFleetCardProps(cardOf(first), after)).toBe(true);
    // The newest value is in the props all the same (and in the view, where the digits are read from).
    expect(after.live?.supplies.psu_1?.[0]?.voltageV).toBe(0.003);
  });

  it('renders a card again when what it draws changed', () => {
    const measurement: HistoryRecord = {
      bench: 'rig-a',
      seq: 2,
      timestamp: 2,
      kind: 'measurements',
      equipment_id: 'scope',
      data: { CH1: { vpp: 1.5 } },
    };
    const alarm: HistoryRecord = {
      bench: 'rig-a',
      seq: 2,
      timestamp: 2,
      kind: 'event',
      data: { kind: 'alarm_raised', level: 'warning', details: { alarm_id: 'a1', name: 'Over 5 V' } },
    };
    const changes: [string, FleetView][] = [
      ['a mode (the output switched on)', withRecords(first, 'rig-a', [readings('rig-a', 2, 5, true)])],
      ['a new instrument with values', withRecords(first, 'rig-a', [measurement])],
      ['an alarm raised', withRecords(first, 'rig-a', [alarm])],
      ['records missed', withReading(first, 'rig-a', 9, 0.001)],
      ['the lease', { ...first, benches: [{ ...benches[0]!, lease: { holder: 'dash-2' } }, benches[1]!] }],
      ['an error', { ...first, errors: { 'rig-a': 'refused' } }],
    ];
    for (const [what, view] of changes) {
      const bench = view.benches[0]!;
      expect(sameFleetCardProps(cardOf(first), cardOf(view, bench)), what).toBe(false);
    }
  });

  it('compares shapes: undefined only equals undefined; a new measurement value alone is the same shape', () => {
    const live = first.live['rig-a']!;
    expect(sameCardShape(undefined, undefined)).toBe(true);
    expect(sameCardShape(live, undefined)).toBe(false);
    const measured = (vpp: number, seq: number) =>
      applyFleetRecords(live, [
        {
          bench: 'rig-a',
          seq,
          timestamp: seq,
          kind: 'measurements',
          equipment_id: 'scope',
          data: { CH1: { vpp } },
        },
      ]);
    expect(sameCardShape(measured(1.5, 2), measured(2.5, 2))).toBe(true);
  });

  it('gives the overview the same snapshot until something it draws changes shape', () => {
    let view = first;
    const snapshot = overviewSnapshots(() => view);
    const shown = snapshot();
    expect(snapshot()).toBe(shown);
    // Digits only (another bench's and this bench's readings): the overview does not render.
    view = withReading(withReading(first, 'rig-b', 2, 0.003), 'rig-a', 2, 0.004);
    expect(snapshot()).toBe(shown);
    // A mode changed: it renders, with the newest view.
    view = withRecords(view, 'rig-a', [readings('rig-a', 3, 5, true)]);
    expect(snapshot()).toBe(view);
    // An error, or the fleet's list: it renders.
    view = { ...view, errors: { 'rig-b': 'refused' } };
    expect(snapshot()).toBe(view);
    view = { ...view, benches: [benches[0]!] };
    expect(snapshot()).toBe(view);
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
