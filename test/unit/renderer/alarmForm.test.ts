/** The alarm form's choices come from the catalog only, and its checks are worded for people. */
import { describe, expect, it } from 'vitest';
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import {
  checkAlarmForm,
  describeAlarm,
  fieldsOf,
  initialValues,
  supplies,
  watchableStreams,
  withInstrument,
} from '../../../src-renderer/panels/alarms/alarmForm';

function instrument(id: string, streams: string[], parameters: string[] = []): InstrumentInfo {
  return {
    id,
    label: id,
    kind: streams.includes('readings') ? 'power_supply' : 'oscilloscope',
    model: 'M',
    vendor: 'V',
    serial: 'S',
    state: 'online',
    channels: [
      { name: 'CH1', unit: 'V', min: 0, max: 1 },
      { name: 'CH2', unit: 'V', min: 0, max: 1 },
    ],
    streams: streams.map((stream_type) => ({
      stream_type: stream_type as 'readings',
      min_interval_ms: 10,
      max_interval_ms: 1000,
      encodings: ['json'],
    })),
    parameters: parameters.map((name) => ({ name, type: 'boolean', channel: 1 })),
  };
}

const psu = instrument('psu_1', ['readings'], ['output_enabled']);
const scope = instrument('scope_1', ['waveform', 'measurements']);

describe('alarm form choices', () => {
  it('offers only the streams and fields alarms can watch on each instrument', () => {
    expect(watchableStreams(psu)).toEqual(['readings']);
    expect(watchableStreams(scope)).toEqual(['measurements']);
    expect(fieldsOf('readings')).toEqual([
      { name: 'voltage', unit: 'V' },
      { name: 'current', unit: 'A' },
      { name: 'power', unit: 'W' },
    ]);
    expect(supplies([psu, scope]).map((i) => i.id)).toEqual(['psu_1']);
  });

  it('moves to the new instrument’s first field when the instrument changes', () => {
    const values = withInstrument(initialValues([psu, scope]), scope);
    expect(values).toMatchObject({
      equipmentId: 'scope_1',
      streamType: 'measurements',
      field: 'vpp',
      channel: 1,
    });
  });
});

describe('checkAlarmForm', () => {
  const base = { ...initialValues([psu]), name: 'sag', limitText: '4.5', kind: 'below' as const };

  it('builds the alarm the form describes', () => {
    const { spec } = checkAlarmForm({ ...base, holdoffText: '300', action: 'outputs_off_instrument' });
    expect(spec).toEqual({
      name: 'sag',
      equipment_id: 'psu_1',
      stream_type: 'readings',
      field: 'voltage',
      channel: 1,
      condition: { kind: 'below', limit: 4.5, hysteresis: 0 },
      level: 'alarm',
      holdoff_ms: 300,
      action: { kind: 'outputs_off', scope: 'instrument', equipment_id: 'psu_1' },
    });
    expect(describeAlarm(spec!)).toBe('psu_1 CH1 voltage below 4.5 V for 300 ms → outputs off (psu_1)');
  });

  it('words each problem for the person filling it in', () => {
    expect(checkAlarmForm({ ...base, name: ' ' }).problem).toBe('Give the alarm a name');
    expect(checkAlarmForm({ ...base, limitText: 'abc' }).problem).toBe('Limit must be a number');
    expect(checkAlarmForm({ ...base, kind: 'outside', lowText: '2', highText: '1' }).problem).toBe(
      'High must be above Low',
    );
    expect(checkAlarmForm({ ...base, kind: 'rate', limitText: '0' }).problem).toBe(
      'Rate limit must be more than 0',
    );
    expect(checkAlarmForm({ ...base, holdoffText: '1.5' }).problem).toBe(
      'Hold-off must be a whole number of ms, 0 or more',
    );
    expect(checkAlarmForm({ ...base, hysteresisText: '-1' }).problem).toBe('Hysteresis must be 0 or more');
  });
});
