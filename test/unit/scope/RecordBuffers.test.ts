import { describe, expect, it } from 'vitest';
import { holdRecordSamples, RecordBuffers } from '../../../src-main/instruments/scope/RecordBuffers.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';

describe('RecordBuffers', () => {
  it('hands a record’s arrays out again only after two newer records', () => {
    const pool = new RecordBuffers({ keepRecords: 2 });
    const records = [0, 1, 2].map(() => {
      const arrays = [pool.take(100), pool.take(100)];
      pool.lend(arrays);
      return arrays;
    });
    // Three records lent: none of their arrays may come back yet.
    const fresh = pool.take(100);
    expect(records.flat()).not.toContain(fresh);
    pool.lend([fresh]);
    // A fourth record retired the first one's arrays.
    const reused = pool.take(100);
    expect(records[0]).toContain(reused);
  });

  it('reuses only arrays of the asked length and keeps a bounded free list', () => {
    const pool = new RecordBuffers({ keepRecords: 0, maxFree: 3 });
    pool.lend([new Float32Array(10), new Float32Array(20)]);
    pool.lend([]);
    expect(pool.take(30).length).toBe(30);
    expect(pool.take(20).length).toBe(20);
    expect(pool.freeCount).toBe(1);
    pool.giveBack(Array.from({ length: 5 }, () => new Float32Array(10)));
    expect(pool.freeCount).toBe(3);
  });
});

describe('RecordBuffers holds', () => {
  it('makes its arrays in shared memory, which holdRecordSamples knows; any other array it does not', () => {
    const pool = new RecordBuffers();
    const array = pool.take(100);
    expect(array.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(holdRecordSamples(new Float32Array(100))).toBeUndefined();
    expect(holdRecordSamples(new Float32Array(new SharedArrayBuffer(400)))).toBeUndefined();
    const release = holdRecordSamples(array);
    expect(release).toBeTypeOf('function');
    expect(pool.heldCount).toBe(1);
    release!();
    expect(pool.heldCount).toBe(0);
  });

  it('does not hand a held array out again however many newer records are made, until the last hold goes', () => {
    const pool = new RecordBuffers({ keepRecords: 2 });
    const first = [pool.take(100)];
    pool.lend(first);
    const releaseA = holdRecordSamples(first[0]!)!;
    const releaseB = holdRecordSamples(first[0]!)!;
    const later: Float32Array[] = [];
    for (let k = 0; k < 6; k++) {
      const arrays = [pool.take(100)];
      later.push(...arrays);
      pool.lend(arrays);
    }
    expect(later).not.toContain(first[0]);
    releaseA();
    releaseA();
    expect(pool.take(100)).not.toBe(first[0]);
    releaseB();
    // Retired while held: free once the last hold went, and handed out next.
    expect(pool.take(100)).toBe(first[0]);
  });

  it('leaves an array that is still lent where it is when its hold is released', () => {
    const pool = new RecordBuffers({ keepRecords: 2 });
    const arrays = [pool.take(100)];
    pool.lend(arrays);
    holdRecordSamples(arrays[0]!)!();
    expect(pool.freeCount).toBe(0);
    expect(pool.take(100)).not.toBe(arrays[0]);
  });
});

describe('SimOscilloscope record arrays', () => {
  it('leaves the last three records intact while acquiring new ones', async () => {
    const scope = new SimOscilloscope({ id: 'scope_t', seed: 3 });
    const copies: Float32Array[][] = [];
    const records: Float32Array[][] = [];
    for (let i = 0; i < 6; i++) {
      const sample = await scope.read('waveform');
      if (sample.kind !== 'record') throw new Error(`expected a record, got ${sample.kind}`);
      const arrays = sample.record.channels.map((c) => c.samples);
      records.push(arrays);
      copies.push(arrays.map((a) => a.slice()));
      // The newest three records still hold exactly what they held when delivered.
      for (let k = Math.max(0, i - 2); k <= i; k++) {
        records[k]!.forEach((a, c) => expect(a).toEqual(copies[k]![c]));
      }
    }
    // And arrays do get reused: six records, but no more than four records' worth of distinct arrays.
    expect(new Set(records.flat()).size).toBeLessThanOrEqual(4 * records[0]!.length);
  });
});
