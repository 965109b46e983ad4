/**
 * The live preview's fills from disk go one request at a time, newest stretch first, and a failed one is
 * asked again only after a delay: asking for every skipped stretch at once (and again for each late reply)
 * flooded a busy backend with review requests that a Stop then waited behind.
 */
import { describe, expect, it } from 'vitest';
import type { PreviewSkip } from '../../../src-renderer/panels/acquisitions/previewFill';
import { PreviewFillQueue } from '../../../src-renderer/panels/acquisitions/previewFillQueue';

const skips: PreviewSkip[] = [
  { fromSample: 0, toSample: 100 },
  { fromSample: 200, toSample: 300 },
  { fromSample: 400, toSample: 500 },
];

describe('PreviewFillQueue', () => {
  it('hands out one stretch at a time, the newest first, and the next only once the reply came', () => {
    const queue = new PreviewFillQueue(1_000);
    expect(queue.take(skips, 0)).toBe(skips[2]);
    expect(queue.take(skips, 10)).toBeUndefined(); // one in flight: nothing more, however many are waiting
    queue.filled(skips[2]!);
    expect(queue.take(skips, 20)).toBe(skips[1]);
    queue.filled(skips[1]!);
    expect(queue.take(skips, 30)).toBe(skips[0]);
    queue.filled(skips[0]!);
    expect(queue.take(skips, 40)).toBeUndefined(); // all filled: never asked again
  });

  it('asks for a failed stretch again only after the retry delay, taking others meanwhile', () => {
    const queue = new PreviewFillQueue(1_000);
    const newest = queue.take(skips, 0)!;
    queue.failed(newest, 100);
    expect(queue.take(skips, 200)).toBe(skips[1]);
    queue.filled(skips[1]!);
    expect(queue.take(skips, 300)).toBe(skips[0]);
    queue.failed(skips[0]!, 400);
    expect(queue.take(skips, 1_099)).toBeUndefined();
    expect(queue.take(skips, 1_100)).toBe(newest);
  });

  it('takes a stretch skipped after the others first', () => {
    const queue = new PreviewFillQueue();
    const growing = [...skips];
    expect(queue.take(growing, 0)).toBe(skips[2]);
    growing.push({ fromSample: 600, toSample: 700 });
    queue.filled(skips[2]!);
    expect(queue.take(growing, 1)).toBe(growing[3]);
  });
});
