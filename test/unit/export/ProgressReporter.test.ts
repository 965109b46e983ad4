import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressReporter } from '../../../src-main/export/common/ProgressReporter.js';
import { createLogger } from '../../../src-main/util/log.js';
import type { ExportProgress } from '../../../src-main/export/index.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('export progress', () => {
  it('reports at the start, on every interval even when stalled, and once at the end', () => {
    const reports: ExportProgress[] = [];
    let bytes = 0;
    const reporter = new ProgressReporter(
      (p) => reports.push(p),
      () => bytes,
      createLogger('silent'),
      200,
    );
    reporter.start();
    expect(reports).toEqual([{ bytesWritten: 0, fraction: 0 }]);
    bytes = 1000;
    reporter.set(0.25);
    vi.advanceTimersByTime(200);
    expect(reports.at(-1)).toEqual({ bytesWritten: 1000, fraction: 0.25 });
    vi.advanceTimersByTime(1000); // nothing moves: still a report every 200 ms
    expect(reports).toHaveLength(7);
    reporter.set(0.1); // never goes back
    reporter.set(1); // held below 1 until finish
    vi.advanceTimersByTime(200);
    expect(reports.at(-1)!.fraction).toBe(0.999);
    reporter.finish(4096);
    expect(reports.at(-1)).toEqual({ bytesWritten: 4096, fraction: 1 });
    vi.advanceTimersByTime(1000);
    expect(reports.at(-1)!.fraction).toBe(1);
    expect(reports).toHaveLength(9);
  });

  it('logs a listener that throws and carries on', () => {
    const lines: string[] = [];
    const reporter = new ProgressReporter(
      () => {
        throw new Error('listener bug');
      },
      () => 0,
      createLogger('warn', (line) => lines.push(line)),
    );
    reporter.start();
    vi.advanceTimersByTime(250);
    reporter.finish(0);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines[0]).toMatch(/progress listener threw.*listener bug/);
  });
});
