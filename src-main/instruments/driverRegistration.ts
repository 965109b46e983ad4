/**
 * How a driver is made known to benches: its kind, a line for people, and a factory that validates the
 * bench entry's `options` (unknown: they come from a file or the wire) and builds the driver. See
 * drivers.ts for the list and docs/ARCHITECTURE.md, "Adding an instrument".
 */
import type { z } from 'zod';
import type { InstrumentKind } from '../../shared/protocol/index.js';
import { describeZodIssue } from '../util/index.js';
import type { Identity, InstrumentDriver } from './InstrumentDriver.js';

/** An option a driver refused: where inside `options`, and why. */
export class DriverOptionError extends Error {
  override name = 'DriverOptionError';
  constructor(
    readonly path: readonly PropertyKey[],
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** What a driver gets besides its options. */
export interface DriverContext {
  /** Seed for an instrument whose options give none (simulators), so a seeded backend is reproducible. */
  seed: number;
}

export interface DriverRegistration {
  readonly kind: InstrumentKind;
  /** One line for people, e.g. "simulated triple-output bench supply". */
  readonly description: string;
  /**
   * Instruments reached by host and port (SCPI over TCP): the models it supports, for people ("DP832,
   * DP831, DP821, DP811"), and whether an instrument's `*IDN?` identity is one of them — how an instrument
   * added by address finds its driver.
   */
  readonly scpi?: {
    readonly models: readonly string[];
    recognises(identity: Identity): boolean;
  };
  /**
   * Validates `options` and builds the driver for `id` (not connected: the host does that). Rejects with
   * DriverOptionError naming the option and the reason; nothing is left running when it does.
   */
  create(id: string, options: unknown, context: DriverContext): Promise<InstrumentDriver>;
}

/** A registration whose options are a zod schema: checked first, then handed to `build` typed. */
export function defineDriver<S extends z.ZodType>(definition: {
  kind: InstrumentKind;
  description: string;
  scpi?: DriverRegistration['scpi'];
  options: S;
  build(id: string, options: z.output<S>, context: DriverContext): Promise<InstrumentDriver>;
}): DriverRegistration {
  return {
    kind: definition.kind,
    description: definition.description,
    ...(definition.scpi && { scpi: definition.scpi }),
    async create(id, options, context) {
      const parsed = definition.options.safeParse(options ?? {});
      if (!parsed.success) {
        const { path, reason } = describeZodIssue(parsed.error.issues[0]!);
        throw new DriverOptionError(path, reason);
      }
      return definition.build(id, parsed.data, context);
    },
  };
}
