/**
 * Per-model timing of a SCPI link: what an instrument needs between commands, how long to wait for
 * replies, and how to get back in step after a timeout. Drivers pick the defaults for their model; a
 * bench file may override them (validated by `scpiPacingSchema`).
 */
import { z } from 'zod';

export interface ScpiPacing {
  /** Default longest wait for a reply, ms. */
  timeoutMs: number;
  /** Minimum time from one command's send to the next one's, ms (SPD3303X: 10–20 ms). */
  minCommandGapMs: number;
  /** Extra wait after a write before the next query is sent, ms (some scopes lose a reply sent too soon). */
  writeToQueryDelayMs: number;
  /** Whether `*OPC?` may be used (an SPD3303X never answers it) to confirm a resync; without it, `*IDN?` does. */
  opcQuery: boolean;
  /**
   * A resync drains until nothing has arrived for this long, ms. Where `*OPC?` cannot confirm the resync,
   * this alone keeps a late reply out of the next answer: it must outlast the model's slowest reply.
   */
  quietMs: number;
  /** A resync that has not seen the link go quiet after this long gives up: the link is dropped, ms. */
  maxDrainMs: number;
  /** Connection attempt limit, ms. */
  connectTimeoutMs: number;
  /**
   * Whether writes may leave in one send with the command that follows them (see `batchesWrites`). On by
   * default; a bench file may turn it off for a unit that mishandles several lines in one TCP segment.
   */
  batchWrites: boolean;
}

export const DEFAULT_PACING: ScpiPacing = {
  timeoutMs: 2_000,
  minCommandGapMs: 0,
  writeToQueryDelayMs: 0,
  opcQuery: true,
  quietMs: 100,
  maxDrainMs: 10_000,
  connectTimeoutMs: 3_000,
  batchWrites: true,
};

const ms = (max: number) =>
  z
    .number()
    .int('must be a whole number of milliseconds')
    .min(0, 'must be 0 or more milliseconds')
    .max(max, `must be at most ${max} ms`);

/** Pacing overrides in a bench file's driver options (every field optional). */
export const scpiPacingSchema = z.strictObject({
  timeoutMs: ms(600_000).min(1, 'must be at least 1 ms').optional(),
  minCommandGapMs: ms(10_000).optional(),
  writeToQueryDelayMs: ms(10_000).optional(),
  opcQuery: z.boolean().optional(),
  quietMs: ms(10_000).min(1, 'must be at least 1 ms').optional(),
  maxDrainMs: ms(600_000).min(1, 'must be at least 1 ms').optional(),
  connectTimeoutMs: ms(600_000).min(1, 'must be at least 1 ms').optional(),
  batchWrites: z.boolean().optional(),
});

export type ScpiPacingOverrides = z.infer<typeof scpiPacingSchema>;

/**
 * Whether a write may wait for the command after it and leave with it in one socket send (or alone on the
 * event loop's next turn when none follows). An instrument reads its input line by line, so lines back to
 * back in one segment are the same to it as lines sent with a 0 ms gap; where the model needs a gap
 * (SPD3303X) or a delay before a query that follows a write, every command leaves on its own, paced.
 */
export function batchesWrites(pacing: ScpiPacing): boolean {
  return pacing.batchWrites && pacing.minCommandGapMs === 0 && pacing.writeToQueryDelayMs === 0;
}

/** A model's pacing with a bench file's overrides applied on top. */
export function resolvePacing(model: Partial<ScpiPacing>, overrides: ScpiPacingOverrides = {}): ScpiPacing {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_PACING, ...model, ...defined };
}
