/** Decimal places that show a step (0.001 → 3); `fallback` when the catalog gives no step. */
export function digitsForStep(step: number | undefined, fallback = 3): number {
  if (step === undefined || !(step > 0)) return fallback;
  return Math.min(9, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));
}
