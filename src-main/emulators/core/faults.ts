/**
 * Faults an emulator injects into its replies, to exercise what real links do to drivers: a stall (the
 * reply comes late), a lost reply, garbage instead of a reply, a dropped connection. Each has a probability
 * per reply (from the command line) and can be armed once by a test (`inject`).
 */
import { z } from 'zod';
import type { Random } from '../../instruments/sim/random.js';

export type FaultKind = 'stall' | 'lost_reply' | 'garbage' | 'disconnect';

export interface FaultRates {
  /** Probability per reply of each fault, 0..1. */
  stall: number;
  lostReply: number;
  garbage: number;
  disconnect: number;
  /** How late a stalled reply comes, ms. */
  stallMs: number;
}

export const NO_FAULTS: FaultRates = { stall: 0, lostReply: 0, garbage: 0, disconnect: 0, stallMs: 3_000 };

const probability = z.coerce
  .number({ error: 'must be a number from 0 to 1' })
  .min(0, 'must be a number from 0 to 1')
  .max(1, 'must be a number from 0 to 1');

const faultSpecSchema = z.strictObject({
  stall: probability.optional(),
  lost: probability.optional(),
  garbage: probability.optional(),
  disconnect: probability.optional(),
  'stall-ms': z.coerce
    .number({ error: 'must be a whole number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(1, 'must be at least 1 ms')
    .max(600_000, 'must be at most 600000 ms')
    .optional(),
});

/**
 * Parses `stall=0.01,lost=0.01,garbage=0.005,disconnect=0.001,stall-ms=3000` (any subset). Throws an Error
 * naming the item and what is wrong with it.
 */
export function parseFaultSpec(spec: string): FaultRates {
  const entries: Record<string, string> = {};
  for (const item of spec.split(',')) {
    const m = /^\s*([a-z-]+)\s*=\s*(\S+)\s*$/.exec(item);
    if (!m)
      throw new Error(
        `--faults: "${item}" is not NAME=VALUE (names: stall, lost, garbage, disconnect, stall-ms)`,
      );
    entries[m[1]!] = m[2]!;
  }
  const parsed = faultSpecSchema.safeParse(entries);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path[0];
    if (issue.code === 'unrecognized_keys') {
      throw new Error(
        `--faults: unknown fault "${issue.keys[0]}" (known: stall, lost, garbage, disconnect, stall-ms)`,
      );
    }
    throw new Error(`--faults: ${String(key)} ${issue.message}`);
  }
  const d = parsed.data;
  return {
    stall: d.stall ?? 0,
    lostReply: d.lost ?? 0,
    garbage: d.garbage ?? 0,
    disconnect: d.disconnect ?? 0,
    stallMs: d['stall-ms'] ?? NO_FAULTS.stallMs,
  };
}

export class FaultInjector {
  #rates: FaultRates;
  readonly #random: Random;
  readonly #armed: FaultKind[] = [];
  readonly counts: Record<FaultKind, number> = { stall: 0, lost_reply: 0, garbage: 0, disconnect: 0 };

  constructor(rates: FaultRates, random: Random) {
    this.#rates = rates;
    this.#random = random;
  }

  get stallMs(): number {
    return this.#rates.stallMs;
  }

  setRates(rates: FaultRates): void {
    this.#rates = rates;
  }

  /** Arms `kind` for the next reply (several calls queue up, one reply each). */
  inject(kind: FaultKind): void {
    this.#armed.push(kind);
  }

  /** The fault for the reply about to be sent, if any. */
  next(): FaultKind | undefined {
    const kind = this.#armed.shift() ?? this.#draw();
    if (kind) this.counts[kind]++;
    return kind;
  }

  #draw(): FaultKind | undefined {
    const r = this.#rates;
    if (r.stall + r.lostReply + r.garbage + r.disconnect === 0) return undefined;
    let u = this.#random.uniform();
    for (const [kind, p] of [
      ['stall', r.stall],
      ['lost_reply', r.lostReply],
      ['garbage', r.garbage],
      ['disconnect', r.disconnect],
    ] as const) {
      if (u < p) return kind;
      u -= p;
    }
    return undefined;
  }
}
