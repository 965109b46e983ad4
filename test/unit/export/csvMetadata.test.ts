import { describe, expect, it } from 'vitest';
import {
  CSV_METADATA_KEYS,
  CSV_METADATA_LINES,
  csvMetadataBlock,
  instrumentLine,
} from '../../../shared/format/csvMetadata.js';

const BASE = {
  title: 'run 1',
  source: 'acquisition acq_1',
  instrument: 'RIGOL DS1054Z, serial DS1ZA1, equipment scope_1',
  columns: [{ name: 'CH1', unit: 'V' }],
  sampleRateHz: 1e6,
  t0Iso: '2026-12-07T01:00:00.000Z',
  startIso: '2026-12-07T01:00:00.500Z',
  exportedIso: '2026-12-07T02:00:00.000Z',
  appVersion: '1.2.3',
  provenance: { acquisition_id: 'acq_1', note: 'two\nlines' },
};

describe('CSV metadata block', () => {
  it('has one "# key: value" line per key, in order, CRLF-terminated, always the same count', () => {
    const block = csvMetadataBlock(BASE);
    const lines = block.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(CSV_METADATA_LINES);
    expect(lines.map((l) => /^# ([a-z0-9_]+): /.exec(l)?.[1])).toEqual([...CSV_METADATA_KEYS]);
    expect(lines).toContain('# sample_rate_hz: 1000000');
    expect(lines).toContain('# start_iso: 2026-12-07T01:00:00.500Z');
    expect(lines).toContain('# columns: [{"name":"CH1","unit":"V"}]');
    expect(lines).toContain(
      `# read_with: pandas.read_csv(path, comment='#') or numpy.genfromtxt(path, delimiter=',', names=True, skip_header=${CSV_METADATA_LINES})`,
    );
    const provenance = lines.find((l) => l.startsWith('# provenance: '))!;
    expect(JSON.parse(provenance.slice('# provenance: '.length))).toEqual(BASE.provenance);
    // Unknown values leave the line in place, empty, so the count never changes.
    const bare = csvMetadataBlock({
      ...BASE,
      sampleRateHz: undefined,
      t0Iso: undefined,
      startIso: undefined,
    });
    expect(bare.split('\r\n')).toHaveLength(CSV_METADATA_LINES + 1);
    expect(bare).toContain('# t0_iso: \r\n');
  });

  it('keeps every value on its line: line breaks in a title become spaces', () => {
    const block = csvMetadataBlock({ ...BASE, title: 'a\r\nb\u2028c' });
    expect(block.split('\r\n')).toHaveLength(CSV_METADATA_LINES + 1);
    expect(block).toContain('# title: a b c\r\n');
  });

  it('names the instrument from the parts it knows', () => {
    expect(instrumentLine({ vendor: 'RIGOL', model: 'DS1054Z', serial: 'X1', equipment_id: 'scope_1' })).toBe(
      'RIGOL DS1054Z, serial X1, equipment scope_1',
    );
    expect(instrumentLine({ equipment_id: 'psu_1', serial: 3 })).toBe('equipment psu_1');
  });
});
