/** `get_spectrum`: the FFT of a scope channel (docs/PROTOCOL.md, "Spectrum"). */
export { handleGetSpectrum, SPECTRUM_RECORD_MAX_AGE_MS } from './spectrumCommands.js';
