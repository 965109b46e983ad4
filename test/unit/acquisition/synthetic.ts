/**
 * Deterministic synthetic samples for the acquisition tests: every value is a function of (channel, sample
 * index), so any read-back can be checked bit for bit without keeping what was written.
 */
import type { SampleBlock } from '../../../src-main/acquisition/index.js';

export const CHANNELS = ['CH1', 'CH2', 'CH3', 'CH4'] as const;

/**
 * Value of sample `index` on channel `channel`. Cheap (no transcendental functions) so large captures
 * generate fast, yet varied in sign, exponent and mantissa bits so a byte swap or offset error shows.
 */
export function sampleValue(channel: number, index: number): number {
  const x = ((index % 1000003) * 7919 + channel * 40503) % 1000003;
  return Math.fround((x - 500000) / (channel + 3)) * (channel % 2 === 0 ? 1 : 1e-3);
}

/** `count` samples from `firstSample`, one array per channel. */
export function syntheticBlock(
  firstSample: number,
  count: number,
  channelCount: number = CHANNELS.length,
): SampleBlock {
  const channels = Array.from({ length: channelCount }, (_, c) => {
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = sampleValue(c, firstSample + i);
    return values;
  });
  return { firstSample, channels };
}

/** First index where `actual` differs bit-wise from the synthetic values, or -1. */
export function firstMismatch(actual: Float32Array, channel: number, firstSample: number): number {
  const expected = syntheticBlock(firstSample, actual.length, channel + 1).channels[channel]!;
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== e[i]) return i;
  return -1;
}
