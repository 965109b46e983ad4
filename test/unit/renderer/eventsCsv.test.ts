import { describe, expect, it } from 'vitest';
import { csvField, eventsCsvFileName, eventsToCsv } from '../../../src-renderer/events/eventsCsv';
import type { LoggedEvent } from '../../../src-renderer/events/eventMerge';

describe('events CSV', () => {
  it('quotes fields holding commas, quotes or line breaks, doubling the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(undefined)).toBe('');
    expect(csvField(3)).toBe('3');
  });

  it('keeps a spreadsheet from running a field as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-5 V')).toBe("'-5 V");
    expect(csvField(-5)).toBe('-5');
  });

  it('writes a header and one row per event with its time in ISO 8601 UTC', () => {
    const events: LoggedEvent[] = [
      {
        id: 1,
        seq: 41,
        level: 'warning',
        kind: 'instrument_state',
        equipment_id: 'psu_1',
        message: 'psu_1 offline: link lost, reconnecting',
        timestamp: Date.UTC(2026, 11, 6, 22, 40, 1, 250),
      },
      {
        id: 2,
        level: 'info',
        kind: 'link_restored',
        message: 'back',
        timestamp: Date.UTC(2026, 11, 6, 22, 41),
      },
      {
        id: 3,
        seq: 42,
        level: 'info',
        kind: 'mode_changed',
        equipment_id: 'psu_1',
        channel: 2,
        message: 'CV → CC',
        timestamp: 0,
      },
    ];
    expect(eventsToCsv(events)).toBe(
      'time,level,kind,instrument,channel,message,seq\r\n' +
        '2026-12-06T22:40:01.250Z,warning,instrument_state,psu_1,,"psu_1 offline: link lost, reconnecting",41\r\n' +
        '2026-12-06T22:41:00.000Z,info,link_restored,,,back,\r\n' +
        '1970-01-01T00:00:00.000Z,info,mode_changed,psu_1,2,CV → CC,42\r\n',
    );
  });

  it('names the file after the time, without characters a file system refuses', () => {
    expect(eventsCsvFileName(Date.UTC(2026, 11, 6, 22, 40, 5, 123))).toBe(
      'benchtop-events-2026-12-06T22-40-05Z.csv',
    );
  });
});
