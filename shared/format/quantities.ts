/**
 * Times and rates for people, in messages and hints: "1 ms", "2.5 MHz", "1000 s", "0.001 Hz". Up to six
 * significant digits, trailing zeros dropped, SI prefixes where a bench instrument would use them (no
 * kiloseconds, no millihertz).
 */

function trimmed(value: number): string {
  return String(Number(value.toPrecision(6)));
}

/** A duration in seconds: "1000 s", "1.5 s", "1 ms", "100 µs", "40 ns". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const magnitude = Math.abs(seconds);
  if (magnitude >= 1 || magnitude === 0) return `${trimmed(seconds)} s`;
  if (magnitude >= 1e-3) return `${trimmed(seconds * 1e3)} ms`;
  if (magnitude >= 1e-6) return `${trimmed(seconds * 1e6)} µs`;
  return `${trimmed(seconds * 1e9)} ns`;
}

/** A frequency or sample rate in hertz: "0.001 Hz", "100 Hz", "44.1 kHz", "10 MHz". */
export function formatHertz(hertz: number): string {
  if (!Number.isFinite(hertz)) return String(hertz);
  const magnitude = Math.abs(hertz);
  if (magnitude >= 1e9) return `${trimmed(hertz / 1e9)} GHz`;
  if (magnitude >= 1e6) return `${trimmed(hertz / 1e6)} MHz`;
  if (magnitude >= 1e3) return `${trimmed(hertz / 1e3)} kHz`;
  return `${trimmed(hertz)} Hz`;
}
