import { describe, expect, it } from 'vitest';
import { RecordBuffers } from '../../../src-main/instruments/scope/RecordBuffers.js';
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
