/**
 * TriggerGate against a reference scan: for any stream, any way of cutting it into blocks, any pre-trigger
 * length and edge, the capture it hands back starts `pre` samples before the first acceptable crossing and
 * holds exactly the stream's samples from there to the end of the triggering block.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TriggerGate,
  type TriggerEdge,
} from '../../../../src-main/acquisition/capture/sources/TriggerGate.js';

/** Index of the first sample s ≥ pre with a crossing into it, or −1. */
function referenceTrigger(values: number[], level: number, edge: TriggerEdge, pre: number): number {
  for (let s = Math.max(1, pre); s < values.length; s++) {
    const rising = values[s - 1]! < level && values[s]! >= level;
    const falling = values[s - 1]! > level && values[s]! <= level;
    if ((edge !== 'falling' && rising) || (edge !== 'rising' && falling)) return s;
  }
  return -1;
}

/** Feeds `values` (channel 0; channel 1 is the negated copy) in blocks of the given sizes. */
function run(values: number[], sizes: number[], level: number, edge: TriggerEdge, pre: number) {
  const gate = new TriggerGate({ channelCount: 2, channelIndex: 0, level, edge, preSamples: pre });
  let first = 0;
  let i = 0;
  while (first < values.length) {
    const count = Math.min(sizes[i++ % sizes.length]!, values.length - first);
    const slice = values.slice(first, first + count);
    const hit = gate.push({
      firstSample: first,
      channels: [Float32Array.from(slice), Float32Array.from(slice, (v) => -v)],
    });
    if (hit) return { hit, blockEnd: first + count };
    first += count;
  }
  return undefined;
}

describe('TriggerGate', () => {
  it('matches the reference for any stream, block split, pre-trigger length and edge', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 300 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: -4, max: 4 }),
        fc.constantFrom<TriggerEdge>('rising', 'falling', 'either'),
        fc.integer({ min: 0, max: 60 }),
        (values, sizes, level, edge, pre) => {
          const expected = referenceTrigger(values, level, edge, pre);
          const result = run(values, sizes, level, edge, pre);
          if (expected < 0) return result === undefined;
          expect(result).toBeDefined();
          const { hit, blockEnd } = result!;
          expect(hit.triggerIndex).toBe(expected);
          expect(hit.startIndex).toBe(expected - pre);
          let next = 0;
          const got: number[] = [];
          const negated: number[] = [];
          for (const block of hit.blocks) {
            expect(block.firstSample).toBe(next);
            next += block.channels[0]!.length;
            got.push(...block.channels[0]!);
            negated.push(...block.channels[1]!);
          }
          expect(got).toEqual(values.slice(expected - pre, blockEnd));
          expect(negated).toEqual(values.slice(expected - pre, blockEnd).map((v) => -v));
          return true;
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('hands back copies: the caller may reuse its block arrays', () => {
    const gate = new TriggerGate({
      channelCount: 1,
      channelIndex: 0,
      level: 0.5,
      edge: 'rising',
      preSamples: 2,
    });
    const buffer = new Float32Array([0, 0, 0, 1]);
    const hit = gate.push({ firstSample: 0, channels: [buffer] })!;
    buffer.fill(9);
    expect(Array.from(hit.blocks.flatMap((b) => Array.from(b.channels[0]!)))).toEqual([0, 0, 1]);
  });

  it('refuses a block that does not follow the previous one', () => {
    const gate = new TriggerGate({
      channelCount: 1,
      channelIndex: 0,
      level: 10,
      edge: 'rising',
      preSamples: 0,
    });
    gate.push({ firstSample: 0, channels: [new Float32Array(4)] });
    expect(() => gate.push({ firstSample: 5, channels: [new Float32Array(4)] })).toThrow(RangeError);
  });
});
