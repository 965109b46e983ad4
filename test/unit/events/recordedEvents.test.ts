import { describe, expect, it } from 'vitest';
import { settingChangedEvent } from '../../../src-main/events/index.js';

describe('settingChangedEvent', () => {
  const change = { equipmentId: 'psu_1', channel: 1, parameter: 'voltage_set', value: 5, unit: 'V' };

  it('names the value with its unit and the client that made the change', () => {
    const event = settingChangedEvent(
      { ...change, by: { kind: 'client', sessionId: '0123456789abcdef', clientName: 'benchtop-dashboard' } },
      1_000,
    );
    expect(event).toEqual({
      type: 'event',
      level: 'info',
      kind: 'setting_changed',
      equipment_id: 'psu_1',
      channel: 1,
      message: 'psu_1 CH1 voltage_set = 5 V by benchtop-dashboard (session 01234567)',
      details: {
        parameter: 'voltage_set',
        value: 5,
        unit: 'V',
        by: 'client',
        session_id: '0123456789abcdef',
        client: 'benchtop-dashboard',
      },
      timestamp: 1_000,
    });
  });

  it('says when the backend made it itself: a restore, or an alarm’s action', () => {
    const restore = settingChangedEvent({ ...change, by: { kind: 'restore' } }, 0);
    expect(restore.message).toBe('psu_1 CH1 voltage_set = 5 V by restore');
    expect(restore.details).toMatchObject({ by: 'restore' });
    expect(restore.details).not.toHaveProperty('session_id');
    const alarm = settingChangedEvent(
      {
        ...change,
        parameter: 'output_enabled',
        value: false,
        unit: undefined,
        by: { kind: 'alarm', alarmId: 'ovp' },
      },
      0,
    );
    expect(alarm.message).toBe('psu_1 CH1 output_enabled = false by alarm ovp');
    expect(alarm.details).toMatchObject({ by: 'alarm', alarm_id: 'ovp' });
  });

  it('marks a change the instrument applied after the request timed out', () => {
    const late = settingChangedEvent({ ...change, late: true, by: { kind: 'client', sessionId: 's' } }, 0);
    expect(late.message).toBe('psu_1 CH1 voltage_set = 5 V (applied late) by a client (session s)');
    expect(late.details).toMatchObject({ late: true });
  });
});
