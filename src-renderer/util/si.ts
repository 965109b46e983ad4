/** Formats a value with an SI prefix, as instruments display it: 1.000 kHz, 250.0 µs, 12.50 mV. */
const PREFIXES: [number, string][] = [
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
  [1, ''],
  [1e-3, 'm'],
  [1e-6, 'µ'],
  [1e-9, 'n'],
  [1e-12, 'p'],
];

/** `significant` digits in total (default 4), e.g. formatSi(0.00025, 's') → "250.0 µs". */
export function formatSi(value: number | undefined, unit: string, significant = 4): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return `0 ${unit}`;
  const magnitude = Math.abs(value);
  const [scale, prefix] = PREFIXES.find(([s]) => magnitude >= s * 0.9995) ?? PREFIXES[PREFIXES.length - 1]!;
  const scaled = value / scale;
  const integerDigits = Math.max(1, Math.floor(Math.log10(Math.abs(scaled))) + 1);
  return `${scaled.toFixed(Math.max(0, significant - integerDigits))} ${prefix}${unit}`;
}
