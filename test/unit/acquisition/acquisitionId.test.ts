import { afterEach, describe, expect, it } from 'vitest';
import { AcquisitionError } from '../../../src-main/acquisition/index.js';
import {
  assertAcquisitionId,
  isAcquisitionId,
  newAcquisitionId,
} from '../../../src-main/acquisition/acquisitionId.js';
import { openTestStore, removeTempDirs } from './helpers.js';

afterEach(removeTempDirs);

const BAD_IDS: unknown[] = [
  '../x',
  'acq_../../etc',
  'acq_../../../etc/passwd',
  '',
  'acq_',
  'acq_0123456789a',
  'acq_0123456789abc',
  'acq_' + 'a'.repeat(500),
  'ACQ_0123456789AB',
  'acq_0123456789AB',
  'acq_0123456789ab\n',
  'acq_0123456789ab/',
  'acq_0123456789ab\0',
  ' acq_0123456789ab',
  'acq_0123456789ab/../acq_0123456789ab',
  undefined,
  null,
  42,
  {},
];

describe('acquisition ids', () => {
  it('generates ids that match the strict pattern and differ', () => {
    const ids = Array.from({ length: 1000 }, newAcquisitionId);
    for (const id of ids) expect(isAcquisitionId(id)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(BAD_IDS.map((id) => [JSON.stringify(id) ?? String(id), id]))('rejects %s', (_label, id) => {
    expect(isAcquisitionId(id)).toBe(false);
    expect(() => assertAcquisitionId(id)).toThrow(AcquisitionError);
    try {
      assertAcquisitionId(id);
    } catch (err) {
      expect((err as AcquisitionError).code).toBe('invalid_id');
      // The message never echoes more than a short prefix of what it was given.
      expect((err as Error).message.length).toBeLessThan(120);
    }
  });

  it('is checked by every store entry point before any path is built', async () => {
    const store = await openTestStore();
    const attempts: (() => Promise<unknown>)[] = [
      () => store.get('../x'),
      () => store.delete('acq_../../etc'),
      () => store.start('../../tmp'),
      () => store.arm(''),
      () => store.disarm('acq_'),
      () => store.pause('acq_0123456789ab/..'),
      () => store.resume('..'),
      () => store.stop('/etc/passwd'),
      () => store.openReader('acq_' + 'f'.repeat(100)),
      async () => store.recorder('../x'),
    ];
    for (const attempt of attempts) {
      await expect(attempt()).rejects.toMatchObject({ code: 'invalid_id' });
    }
  });
});
