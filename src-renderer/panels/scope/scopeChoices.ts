/** The 1-2-5 steps a scope's knobs click through. */
function oneTwoFive(from: number, to: number): number[] {
  const steps: number[] = [];
  for (let decade = Math.floor(Math.log10(from)); decade <= Math.ceil(Math.log10(to)); decade++) {
    for (const m of [1, 2, 5]) {
      const value = Number((m * 10 ** decade).toPrecision(3));
      if (value >= from * 0.999 && value <= to * 1.001) steps.push(value);
    }
  }
  return steps;
}

/** Timebase, s/div: 10 ns … 10 s. */
export const TIMEBASES_S_PER_DIV = oneTwoFive(1e-8, 10);
/** Vertical scale, V/div: 1 mV … 10 V. */
export const VOLTS_PER_DIV = oneTwoFive(1e-3, 10);
export const RECORD_LENGTHS = [1_000, 10_000, 100_000, 1_000_000];

export function formatPoints(n: number): string {
  return n >= 1e6 ? `${n / 1e6}M pts` : `${n / 1e3}k pts`;
}
