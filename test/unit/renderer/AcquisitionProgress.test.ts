/**
 * A running capture's counts stay current in the list even without a live view on this dashboard: one
 * started from another dashboard used to read "running, 0 samples" for its whole run.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AcquisitionMessage, AcquisitionSummary } from '../../../shared/protocol/acquisition';
import {
  AcquisitionProgress,
  capturesToRefresh,
  PROGRESS_PERIOD_MS,
} from '../../../src-renderer/connection/AcquisitionProgress';

function summary(id: string, state: AcquisitionSummary['state'], samples = 0): AcquisitionSummary {
  return {
    acquisition_id: id,
    name: '',
    equipment_id: 'scope_1',
    mode: 'continuous',
    state,
    sample_rate: 100_000,
    channels: [{ name: 'CH1', unit: 'V' }],
    samples_captured: samples,
    flushed: samples,
    segments: [],
    created_ms: 1,
    updated_ms: 1,
    app_version: '0.1.0',
  };
}

describe('progress of captures not watched here', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('refreshes running captures without a live view, and nothing else', () => {
    const list = {
      acq_000000000001: summary('acq_000000000001', 'running'),
      acq_000000000002: summary('acq_000000000002', 'running'),
      acq_000000000003: summary('acq_000000000003', 'complete', 10),
      acq_000000000004: summary('acq_000000000004', 'armed'),
    };
    expect(capturesToRefresh(list, (id) => id === 'acq_000000000002')).toEqual(['acq_000000000001']);
  });

  it('brings a capture started elsewhere from 0 samples to its recorder’s count every period', async () => {
    // GIVEN a dashboard that learnt of a running capture from its state event only (0 samples)
    let list: Record<string, AcquisitionSummary> = {
      acq_0123456789ab: summary('acq_0123456789ab', 'running'),
    };
    let captured = 0;
    const request = vi.fn(async (id: string): Promise<AcquisitionMessage> => {
      captured += 100_000;
      return { type: 'acquisition', acquisition: summary(id, 'running', captured) };
    });
    const progress = new AcquisitionProgress({
      acquisitions: () => list,
      isViewing: () => false,
      request,
      apply: (s) => (list = { ...list, [s.acquisition_id]: s }),
    });
    progress.start();

    // WHEN two periods pass
    await vi.advanceTimersByTimeAsync(PROGRESS_PERIOD_MS);
    expect(list.acq_0123456789ab!.samples_captured).toBe(100_000);
    await vi.advanceTimersByTimeAsync(PROGRESS_PERIOD_MS);

    // THEN its count follows the recorder's, one request per period
    expect(list.acq_0123456789ab!.samples_captured).toBe(200_000);
    expect(request).toHaveBeenCalledTimes(2);

    // AND once stopped (disconnected), nothing more is asked
    progress.stop();
    await vi.advanceTimersByTimeAsync(5 * PROGRESS_PERIOD_MS);
    expect(request).toHaveBeenCalledTimes(2);
  });

  it('keeps one request per capture in flight, and survives a failed one', async () => {
    let resolveFirst: ((m: AcquisitionMessage) => void) | undefined;
    const request = vi
      .fn<(id: string) => Promise<AcquisitionMessage>>()
      .mockImplementationOnce(() => new Promise((resolve) => (resolveFirst = resolve)))
      .mockRejectedValueOnce(new Error('not connected'))
      .mockResolvedValue({ type: 'acquisition', acquisition: summary('acq_0123456789ab', 'running', 7) });
    const applied: number[] = [];
    const progress = new AcquisitionProgress({
      acquisitions: () => ({ acq_0123456789ab: summary('acq_0123456789ab', 'running') }),
      isViewing: () => false,
      request,
      apply: (s) => applied.push(s.samples_captured),
    });
    progress.refresh();
    progress.refresh();
    expect(request).toHaveBeenCalledTimes(1);
    resolveFirst!({ type: 'acquisition', acquisition: summary('acq_0123456789ab', 'running', 5) });
    await vi.advanceTimersByTimeAsync(0);
    progress.refresh();
    await vi.advanceTimersByTimeAsync(0);
    progress.refresh();
    await vi.advanceTimersByTimeAsync(0);
    expect(applied).toEqual([5, 7]);
  });
});
