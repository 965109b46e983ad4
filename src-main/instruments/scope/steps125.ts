/**
 * 1-2-5 sequences (1, 2, 5, 10, 20, 50, ...), the steps scopes offer for V/div and timebase, and rounding
 * to the nearest offered value. Pure.
 */

/**
 * The 1-2-5 steps from `min` to `max` inclusive, ascending. Each is the double nearest its decimal form
 * (5e-4, not 5 · 1e-4), so a step compares equal to the same number typed by a person or a client.
 */
export function oneTwoFiveSteps(min: number, max: number): number[] {
  const steps: number[] = [];
  for (let exponent = Math.floor(Math.log10(min)); exponent <= Math.ceil(Math.log10(max)); exponent++) {
    for (const mantissa of [1, 2, 5]) {
      const step = Number(`${mantissa}e${exponent}`);
      if (step >= min && step <= max) steps.push(step);
    }
  }
  return steps;
}

/** The offered value nearest `value` in log terms (a ratio, as a scale is judged); the lower one on a tie. */
export function nearestInLog(offered: readonly number[], value: number): number {
  let best = offered[0]!;
  for (const candidate of offered) {
    if (Math.abs(Math.log10(value / candidate)) < Math.abs(Math.log10(value / best))) best = candidate;
  }
  return best;
}
