/**
 * What the compute pool's tests share: a logger that keeps its warnings, and scope records of sines built
 * from plain arrays (a record that is not the simulated scope's, so the pool copies it).
 */
import type { ScopeRecord } from '../../src-main/instruments/index.js';
import type { Logger } from '../../src-main/util/index.js';

/** A logger that keeps warnings and errors (in `warnings`) and drops the rest. */
export function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const ignore = (): void => {};
  return {
    warnings,
    debug: ignore,
    info: ignore,
    warn: (m: string) => warnings.push(m),
    error: (m: string) => warnings.push(m),
    redact: ignore,
  };
}

export interface SineRecordOptions {
  /** Samples per channel. */
  length: number;
  /** Channels 1 to this. Default 4. */
  channels?: number;
  /** Scales every channel (channel k's sine has amplitude k × this). Default 1. */
  amplitude?: number;
  /** Overrides every channel's first sample (the crashing worker's markers). */
  first?: number;
}

/**
 * A record at 1 MSa/s whose channel k is amplitude × k × sin(2π i (k + 1) / 1000): a different level and
 * frequency per channel, so a channel mixed up with another shows.
 */
export function sineRecord(options: SineRecordOptions): ScopeRecord {
  const { length, channels = 4, amplitude = 1, first } = options;
  const built = Array.from({ length: channels }, (_, i) => {
    const channel = i + 1;
    const samples = new Float32Array(length);
    for (let s = 0; s < length; s++) {
      samples[s] = amplitude * channel * Math.sin((2 * Math.PI * s * (channel + 1)) / 1_000);
    }
    if (first !== undefined) samples[0] = first;
    return { channel, samples };
  });
  return { sampleRateHz: 1e6, x0S: 0, triggered: true, channels: built };
}
