import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../../shared/protocol/server';
import { mergeEvents, newestSeq, withoutBackendEvents } from '../../../src-renderer/events/eventMerge';
import { filterEvents, instrumentChoices } from '../../../src-renderer/events/eventFilter';

const ev = (
  seq: number | undefined,
  timestamp: number,
  message = `e${seq}`,
  equipment_id?: string,
): EventMessage => ({
  type: 'event',
  level: 'info',
  kind: 'setting_changed',
  message,
  timestamp,
  ...(seq !== undefined && { seq }),
  ...(equipment_id !== undefined && { equipment_id }),
});

describe('mergeEvents', () => {
  it('keeps one entry per seq when history and live events overlap, in time order', () => {
    const live = mergeEvents([], [ev(5, 500), ev(6, 600)], 100).events;
    const { events, added } = mergeEvents(live, [ev(3, 300), ev(4, 400), ev(5, 500), ev(6, 600)], 100);
    expect(events.map((e) => e.seq)).toEqual([3, 4, 5, 6]);
    expect(added).toBe(2);
    expect(new Set(events.map((e) => e.id)).size).toBe(4);
  });

  it('always keeps the dashboard’s own events (no seq) and orders them among the backend’s by time', () => {
    const held = mergeEvents([], [ev(1, 100), ev(undefined, 250, 'link lost')], 100).events;
    const { events } = mergeEvents(held, [ev(2, 200), ev(3, 300), ev(undefined, 250, 'link lost')], 100);
    expect(events.map((e) => e.message)).toEqual(['e1', 'e2', 'link lost', 'link lost', 'e3']);
  });

  it('breaks equal times by seq and drops the oldest beyond the bound', () => {
    const { events } = mergeEvents([], [ev(3, 100), ev(1, 100), ev(2, 100)], 2);
    expect(events.map((e) => e.seq)).toEqual([2, 3]);
  });

  it('changes nothing when every incoming event is already held', () => {
    const held = mergeEvents([], [ev(1, 100)], 10).events;
    const again = mergeEvents(held, [ev(1, 100)], 10);
    expect(again.added).toBe(0);
    expect(again.events).toEqual(held);
  });

  it('tells the newest seq held, and can drop the backend’s events for a log that replaces them', () => {
    const held = mergeEvents([], [ev(7, 100), ev(undefined, 150, 'link lost'), ev(9, 200)], 10).events;
    expect(newestSeq(held)).toBe(9);
    expect(newestSeq([])).toBe(0);
    expect(withoutBackendEvents(held).map((e) => e.message)).toEqual(['link lost']);
  });
});

describe('filterEvents', () => {
  const held = mergeEvents(
    [],
    [ev(1, 1, 'a', 'psu_1'), { ...ev(2, 2, 'b', 'scope_1'), level: 'warning' }, ev(undefined, 3, 'link')],
    10,
  ).events;
  it('shows one instrument’s events, or all, at the ticked levels', () => {
    const all = { alarm: true, error: true, warning: true, info: true };
    expect(filterEvents(held, { equipmentId: 'psu_1', levels: all }).map((e) => e.message)).toEqual(['a']);
    expect(filterEvents(held, { equipmentId: undefined, levels: all }).map((e) => e.message)).toEqual([
      'a',
      'b',
      'link',
    ]);
    expect(
      filterEvents(held, { equipmentId: undefined, levels: { ...all, info: false } }).map((e) => e.message),
    ).toEqual(['b']);
  });
  it('offers every instrument on the bench or named by an event', () => {
    expect(instrumentChoices(held, ['psu_1', 'dmm_1'])).toEqual(['dmm_1', 'psu_1', 'scope_1']);
  });
});
