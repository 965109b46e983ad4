/**
 * `ds1054z`: an emulated Rigol DS1000Z oscilloscope (DS1054Z by default) on Rigol's raw-socket port 5555,
 * its records showing the configured input signals (the simulator's synthesis). `ds1054zDefinition`
 * makes one with other options (model, signals, the lost-query quirk) for tests and tools.
 */
import { DS1000Z_MODELS, findDs1000zModel } from '../../instruments/index.js';
import type { EmulatedInstrument, EmulatorDefinition } from '../core/types.js';
import { withLostQueriesAfterWrites } from '../scope/lostQueries.js';
import { defaultInputSignals, type InputSignal } from '../scope/ScopeFrontEnd.js';
import { toDefinitions } from '../scope/scpiText.js';
import { ds1054zCommands } from './ds1054zCommands.js';
import { Ds1054zState } from './Ds1054zState.js';

export interface EmulatedDs1054z extends EmulatedInstrument {
  readonly state: Ds1054zState;
}

export interface Ds1054zOptions {
  /** Model `*IDN?` reports (a DS1000Z name, e.g. `DS1104Z`); DS1054Z by default. */
  model?: string;
  /** The signals on the inputs; the simulator's demo signals by default. */
  signals?: readonly InputSignal[];
  /** A query within this many ms of a write gets no reply (a reported firmware quirk); 0, off, by default. */
  lostQueryAfterWriteMs?: number;
}

/** Rigol's link: about 1.7 MB/s, a couple of ms before a reply starts. */
const RATE_BYTES_PER_S = 1_700_000;
const REPLY_LATENCY_MS = 2;

export function ds1054zDefinition(options: Ds1054zOptions = {}): EmulatorDefinition<EmulatedDs1054z> {
  const model = findDs1000zModel(options.model ?? 'DS1054Z');
  if (!model) {
    throw new RangeError(
      `unknown DS1000Z model "${options.model}"; one of ${DS1000Z_MODELS.map((m) => m.name).join(', ')}`,
    );
  }
  return {
    name: 'ds1054z',
    description: `Rigol ${model.name} ${model.channels}-channel oscilloscope (${model.bandwidthHz / 1e6} MHz, 24 Mpts)`,
    defaultPort: 5555,
    rateBytesPerS: RATE_BYTES_PER_S,
    replyLatencyMs: REPLY_LATENCY_MS,
    create({ clock, seed }) {
      const state = new Ds1054zState(model, options.signals ?? defaultInputSignals(), seed, clock);
      const serial = `DS1ZA${String(170_000_000 + (seed % 1_000_000)).padStart(9, '0')}`;
      return {
        state,
        identity: () => `RIGOL TECHNOLOGIES,${model.name},${serial},00.04.04.SP4`,
        commands: withLostQueriesAfterWrites(
          toDefinitions(ds1054zCommands(state)),
          options.lostQueryAfterWriteMs ?? 0,
          clock,
        ),
        reset: () => state.reset(),
      };
    },
  };
}

export const ds1054zEmulator = ds1054zDefinition();
