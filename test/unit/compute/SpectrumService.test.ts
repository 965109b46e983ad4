import { describe, expect, it } from 'vitest';
import { InlineRunner, SharedRecords, SpectrumService } from '../../../src-main/compute/index.js';
import type { ScopeRecord } from '../../../src-main/instruments/InstrumentDriver.js';
import { computeSpectrum, displaySpectrum, findPeak } from '../../../shared/dsp/fft/index.js';

function record(): ScopeRecord {
  const channels = [1, 2].map((channel) => {
    const samples = new Float32Array(4_096);
    for (let i = 0; i < samples.length; i++) samples[i] = channel * Math.sin((2 * Math.PI * 100 * i) / 4_096);
    return { channel, samples };
  });
  return { sampleRateHz: 4_096, channels } as unknown as ScopeRecord;
}

describe('SpectrumService', () => {
  it('computes one spectrum per record, channel and window however many ask, equal to computeSpectrum', async () => {
    const spectra = new SpectrumService({ runner: new InlineRunner(), records: new SharedRecords() });
    const r = record();
    const asked = await Promise.all([spectra.spectrum(r, 1, 'hann'), spectra.spectrum(r, 1, 'hann')]);
    expect(asked[0]).toBe(asked[1]);
    expect(spectra.computed).toBe(1);
    const direct = computeSpectrum(r.channels[0]!.samples, 4_096, 'hann');
    expect(Array.from(asked[0]!.rmsV)).toEqual(Array.from(direct.rmsV));
    expect(asked[0]!.peak).toEqual(findPeak(direct));
    await spectra.spectrum(r, 1, 'flat_top');
    await spectra.spectrum(r, 2, 'hann');
    await spectra.spectrum(record(), 1, 'hann');
    expect(spectra.computed).toBe(4);
  });

  it('reduces a spectrum to a width once per width and axis, as displaySpectrum does', async () => {
    const spectra = new SpectrumService({ runner: new InlineRunner(), records: new SharedRecords() });
    const spectrum = await spectra.spectrum(record(), 1, 'hann');
    const a = await spectra.display(spectrum, 300, true);
    expect(await spectra.display(spectrum, 300, true)).toBe(a);
    expect(a).toEqual(displaySpectrum(spectrum, 300, true));
    expect(await spectra.display(spectrum, 300, false)).not.toBe(a);
  });

  it('refuses a channel the record does not carry, and computes a failed spectrum afresh when asked again', async () => {
    const spectra = new SpectrumService({ runner: new InlineRunner(), records: new SharedRecords() });
    const r = record();
    await expect(spectra.spectrum(r, 3, 'hann')).rejects.toThrow('channel 3 is not in the record');
    const tiny = {
      sampleRateHz: 0,
      channels: [{ channel: 1, samples: new Float32Array(8) }],
    } as unknown as ScopeRecord;
    await expect(spectra.spectrum(tiny, 1, 'hann')).rejects.toThrow(/sample rate/);
    await expect(spectra.spectrum(tiny, 1, 'hann')).rejects.toThrow(/sample rate/);
    expect(spectra.computed).toBe(2);
  });
});
