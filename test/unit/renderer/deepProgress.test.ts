/** A single_deep capture's row text: each phase in words, the download with percent, bytes, rate and ETA. */
import { describe, expect, it } from 'vitest';
import type { AcquisitionProgressMessage } from '../../../shared/protocol/acquisition';
import { deepProgressText } from '../../../src-renderer/panels/acquisitions/deepProgress';

function progress(patch: Partial<AcquisitionProgressMessage>): AcquisitionProgressMessage {
  return {
    type: 'acquisition_progress',
    acquisition_id: 'acq_000000000001',
    equipment_id: 'scope_1',
    phase: 'downloading',
    received_points: 0,
    total_points: 0,
    percent: 0,
    received_bytes: 0,
    rate_bytes_per_s: 0,
    timestamp: 1,
    ...patch,
  };
}

describe('deepProgressText', () => {
  it('says what the capture waits for before the download', () => {
    expect(deepProgressText(undefined)).toBe('Arming the scope…');
    expect(deepProgressText(progress({ phase: 'waiting_for_trigger' }))).toBe('Waiting for the trigger…');
    expect(deepProgressText(progress({}))).toBe('Reading the record’s preamble…');
  });

  it('gives the download’s percent, bytes, rate and time left', () => {
    const text = deepProgressText(
      progress({
        received_points: 6_291_456,
        received_bytes: 6_291_456,
        total_points: 25_165_824,
        percent: 25,
        rate_bytes_per_s: 1_048_576,
        eta_s: 17.2,
      }),
    );
    expect(text).toBe('Downloading 25 % · 6.00 MiB of 24.0 MiB · 1.00 MiB/s · 18 s left');
  });

  it('says how it ended', () => {
    expect(deepProgressText(progress({ phase: 'cancelled', percent: 41.7 }))).toBe(
      'Cancelled at 41 %: the partial record was discarded',
    );
    expect(deepProgressText(progress({ phase: 'failed', percent: 3 }))).toBe('Download failed at 3 %');
    expect(deepProgressText(progress({ phase: 'done', received_bytes: 1_200_000 }))).toMatch(
      /^Downloaded 1\.14 MiB$/,
    );
  });
});
