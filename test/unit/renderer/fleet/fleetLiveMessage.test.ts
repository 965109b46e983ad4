/**
 * fleet_live's hand check against its schema: on valid pushes and on every way of breaking one, the
 * hand-checked parse accepts exactly what the schema accepts, and refuses with the schema's own words
 * naming the field; and the hand check alone never accepts what the schema refuses.
 */
import { describe, expect, it } from 'vitest';
import { isWellFormedHistoryRecord } from '../../../../shared/protocol/fleet';
import { describeIssue } from '../../../../shared/protocol/issues';
import { fleetLiveSchema, parseFleetLive } from '../../../../src-renderer/fleet/fleetLiveMessage';

const reading = (seq: number): Record<string, unknown> => ({
  bench: 'rig-1',
  seq,
  timestamp: 1_765_000_000_000 + seq,
  kind: 'readings',
  equipment_id: 'psu',
  data: [
    {
      channel: 1,
      voltage_actual: 0.000012,
      current_actual: 0,
      output_enabled: false,
      in_cv_mode: false,
      in_cc_mode: false,
    },
  ],
});

const push = (records: unknown[], bench: unknown = 'rig-1'): Record<string, unknown> => ({
  type: 'fleet_live',
  benches: [{ bench, records }],
});

/** Each a record broken (or not) in one way; the schema decides which are valid. */
const recordVariants: Record<string, unknown> = {
  valid: reading(1),
  'no equipment_id': (() => {
    const { equipment_id: _drop, ...rest } = reading(2);
    return rest;
  })(),
  'equipment_id undefined': { ...reading(3), equipment_id: undefined },
  'data undefined': { ...reading(4), data: undefined },
  'no data': (() => {
    const { data: _drop, ...rest } = reading(5);
    return rest;
  })(),
  'data null': { ...reading(6), data: null },
  'measurements kind': { ...reading(7), kind: 'measurements', data: { CH1: { vpp: 1 } } },
  'event kind': { ...reading(8), kind: 'event', data: { kind: 'alarm_raised' } },
  'unknown kind': { ...reading(9), kind: 'reading' },
  'seq 0': reading(0),
  'seq negative': reading(-3),
  'seq fraction': reading(1.5),
  'seq largest safe': reading(2 ** 53 - 1),
  'seq unsafe': reading(2 ** 53),
  'seq text': { ...reading(1), seq: '1' },
  'timestamp Infinity': { ...reading(1), timestamp: Infinity },
  'timestamp NaN': { ...reading(1), timestamp: Number.NaN },
  'timestamp text': { ...reading(1), timestamp: '5' },
  'bench number': { ...reading(1), bench: 5 },
  'equipment_id number': { ...reading(1), equipment_id: 7 },
  'equipment_id null': { ...reading(1), equipment_id: null },
  'extra key': { ...reading(1), extra: 1 },
  'extra key undefined': { ...reading(1), extra: undefined },
  'an array': [reading(1)],
  null: null,
  'a number': 4,
  'a string': 'record',
};

/** Whole pushes broken (or not) outside the records. */
const pushVariants: Record<string, unknown> = {
  'no benches': { type: 'fleet_live', benches: [] },
  'empty records': push([]),
  'two benches': {
    type: 'fleet_live',
    benches: [
      { bench: 'rig-1', records: [reading(1), reading(2)] },
      { bench: 'rig-2', records: [{ ...reading(1), bench: 'rig-2' }] },
    ],
  },
  'batch extra key': { type: 'fleet_live', benches: [{ bench: 'rig-1', records: [], note: 1 }] },
  'message extra key': { ...push([reading(1)]), extra: true },
  'wrong type': { ...push([reading(1)]), type: 'fleet_history' },
  'benches an object': { type: 'fleet_live', benches: {} },
  'benches missing': { type: 'fleet_live' },
  'batch null': { type: 'fleet_live', benches: [null] },
  'batch an array': { type: 'fleet_live', benches: [[]] },
  'batch bench number': push([reading(1)], 3),
  'batch bench missing': { type: 'fleet_live', benches: [{ records: [] }] },
  'records an object': { type: 'fleet_live', benches: [{ bench: 'rig-1', records: {} }] },
  // eslint-disable-next-line no-sparse-arrays
  'records with a hole': push([reading(1), , reading(2)]),
  'message null': null,
  'message an array': [],
  'second record bad': push([reading(1), { ...reading(2), seq: -1 }]),
};

const cases: [string, unknown][] = [
  ...Object.entries(recordVariants).map(([name, record]): [string, unknown] => [
    `record: ${name}`,
    push([reading(100), record]),
  ]),
  ...Object.entries(pushVariants).map(([name, message]): [string, unknown] => [`push: ${name}`, message]),
];

describe('parseFleetLive', () => {
  it.each(cases)('%s: the same outcome as the schema alone', (_name, message) => {
    const schema = fleetLiveSchema.safeParse(message);
    const ours = parseFleetLive(message);
    expect(ours.ok).toBe(schema.success);
    if (schema.success && ours.ok) {
      // The batches as the schema gives them (it drops a batch's unknown keys; nothing reads them).
      expect(ours.benches.map(({ bench, records }) => ({ bench, records }))).toEqual(schema.data.benches);
    }
    if (!schema.success && !ours.ok) {
      expect(ours.reason).toBe(describeIssue(schema.error.issues[0]!).message);
    }
  });

  it('names the field of a bad record, as the follower reports it', () => {
    const result = parseFleetLive(push([reading(1), { ...reading(2), seq: 0 }]));
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.reason).toContain('benches.0.records.1.seq');
  });

  it('takes a well-formed push without copying it (the hand check, not the schema)', () => {
    const message = push([reading(1), reading(2)]);
    const result = parseFleetLive(message);
    expect(result.ok && result.benches).toBe(message.benches);
  });
});

describe('isWellFormedHistoryRecord', () => {
  it.each(Object.entries(recordVariants))('%s: never accepts what the schema refuses', (_name, record) => {
    const schema = fleetLiveSchema.shape.benches.element.shape.records.element.safeParse(record);
    if (isWellFormedHistoryRecord(record)) expect(schema.success).toBe(true);
    // Every variant the schema accepts here is plain JSON, and the hand check takes it too.
    else expect(schema.success).toBe(false);
  });
});
