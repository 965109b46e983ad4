/**
 * A bench: the instruments a backend serves, each with the driver that talks to it. The same entry shape is
 * a bench file's `instruments[]` and the `instrument` of `add_instrument`, so the file and the wire cannot
 * drift apart. A driver's own `options` are checked by that driver (they depend on it); everything else is
 * checked here. Field names are snake_case, as everywhere on the wire.
 */
import { z } from 'zod';

/** Most instruments one bench holds. */
export const MAX_BENCH_INSTRUMENTS = 32;

/** An instrument id: a letter, then letters, digits, `_` or `-`; at most 64 characters. */
export const INSTRUMENT_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export const instrumentIdSchema = z
  .string()
  .regex(INSTRUMENT_ID_PATTERN, 'must be a letter, then up to 63 letters, digits, "_" or "-"');

/** A network instrument's host name or address (a driver's `host` option, `probe_instrument.host`). */
export const instrumentHostSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, 'expected a host name or address');

/** A TCP port (a driver's `port` option, `probe_instrument.port`). */
export const instrumentPortSchema = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be a TCP port from 1 to 65535')
  .max(65_535, 'must be a TCP port from 1 to 65535');

const probability = z.number().min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1');
const durationMs = z
  .number()
  .min(0, 'must be from 0 to 3600000 ms')
  .max(3_600_000, 'must be from 0 to 3600000 ms');

/** Faults to inject on an instrument's link (FaultyDriver), for demonstrations and tests. */
export const benchFaultsSchema = z.strictObject({
  latency_ms: durationMs.optional(),
  stall_probability: probability.optional(),
  stall_ms: durationMs.optional(),
  lost_reply_probability: probability.optional(),
  garbled_reply_probability: probability.optional(),
  drop_read_probability: probability.optional(),
  disconnect_after_reads: z.number().int().min(0).optional(),
  reconnect_after_ms: durationMs.optional(),
  seed: z.number().int().optional(),
});

export const benchInstrumentSchema = z.strictObject({
  id: instrumentIdSchema,
  /** A registered driver name, e.g. `sim-psu`, `sim-scope`. */
  driver: z.string().min(1).max(64),
  /** What people call it, e.g. "Bench supply (left)". */
  label: z.string().min(1).max(128),
  /** The driver's own options (a simulator's seed and initial settings; a network instrument's host/port). */
  options: z.record(z.string(), z.unknown()).optional(),
  faults: benchFaultsSchema.optional(),
});

export const benchFileSchema = z
  .strictObject({
    /** Format version; 1 when absent. */
    version: z.literal(1).optional(),
    instruments: z.array(benchInstrumentSchema).max(MAX_BENCH_INSTRUMENTS),
  })
  .superRefine((bench, ctx) => {
    const first = new Map<string, number>();
    bench.instruments.forEach((instrument, i) => {
      const earlier = first.get(instrument.id);
      if (earlier === undefined) return void first.set(instrument.id, i);
      ctx.addIssue({
        code: 'custom',
        path: ['instruments', i, 'id'],
        message: `duplicate id "${instrument.id}" (also instruments[${earlier}])`,
      });
    });
  });

export type BenchFaults = z.infer<typeof benchFaultsSchema>;
export type BenchInstrument = z.infer<typeof benchInstrumentSchema>;
export type BenchFile = z.infer<typeof benchFileSchema>;
