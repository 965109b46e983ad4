/**
 * measureWaveform as it was before its amplitude pass stopped skipping NaN samples in the loop (2026-12-07),
 * kept verbatim: the measurementStats benchmark times it against the current code (ns a point, each in
 * processes of its own: lib/measureSpeedChild.ts), and
 * test/unit/analysis/measureWaveformExact.test.ts checks the two give the same figures, bit for bit. Only its
 * amplitude pass differed from the two-pass version that followed it; the edge scan and timing are that
 * version's (measureWaveformTwoPass.ts), unchanged then.
 */
import type { WaveformMeasurements } from '../../shared/analysis/measureWaveform.js';
import { withTiming } from './measureWaveformTwoPass.js';

/** Measures `samples` taken at `sampleRateHz`. Returns undefined for a record with no (non-NaN) sample. */
export function measureWaveformBefore(
  samples: Float32Array,
  sampleRateHz: number,
): WaveformMeasurements | undefined {
  const n = samples.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let sumSq = 0;
  // NaN samples are gaps (a math channel's A/B where B is near 0): left out of the levels, and they end
  // any timing measurement, since an edge may hide in a gap.
  let valid = 0;
  for (let i = 0; i < n; i++) {
    const v = samples[i]!;
    if (v !== v) continue;
    valid++;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSq += v * v;
  }
  if (valid === 0) return undefined;
  const result: WaveformMeasurements = {
    vppV: max - min,
    vmaxV: max,
    vminV: min,
    vavgV: sum / valid,
    vrmsV: Math.sqrt(sumSq / valid),
  };
  const vpp = max - min;
  if (!(vpp > 0) || !Number.isFinite(vpp) || !(sampleRateHz > 0) || valid < n) return result;

  return withTiming(result, samples, sampleRateHz);
}
