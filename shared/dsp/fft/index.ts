/** FFT of scope records: windows, the scaled amplitude spectrum, its peak and its display reduction. */
export { FFT_WINDOWS, FFT_WINDOW_LABELS, type FftWindow, windowCoefficients } from './windows.js';
export { computeSpectrum, dbvOf, DBV_FLOOR, type Spectrum, type SpectrumOptions } from './spectrum.js';
export { findPeak, parabolicOffsetBins, MAIN_LOBE_HALF_WIDTH_BINS, type SpectrumPeak } from './peak.js';
export { displaySpectrum, type DisplaySpectrum } from './displaySpectrum.js';
export { spectrumForDisplay, type SpectrumForDisplay } from './spectrumForDisplay.js';
export { complexFft, nextPowerOfTwo, realFft } from './realFft.js';
export { cachedFftSizes, FFT_ENGINES, type FftEngine, fftEngineFor } from './engines.js';
export { PffftRealPlan, pffftAvailable, pffftFailure } from './pffft.js';
