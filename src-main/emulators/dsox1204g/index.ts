/**
 * `dsox1204g`: an emulated Keysight InfiniiVision X oscilloscope (DSO-X 1204G by default) on the SCPI
 * raw-socket port 5025, its records showing the configured input signals. `dsox1204gDefinition` makes one
 * of another model (`DSO-X 2024A`, `DSOX3034T`…) or with other signals.
 */
import { findInfiniiVisionModel, INFINIIVISION_MODELS } from '../../instruments/index.js';
import type { EmulatedInstrument, EmulatorDefinition } from '../core/types.js';
import { defaultInputSignals, type InputSignal } from '../scope/ScopeFrontEnd.js';
import { toDefinitions } from '../scope/scpiText.js';
import { dsoxCommands } from './dsoxCommands.js';
import { DsoxState } from './DsoxState.js';

export interface EmulatedDsox extends EmulatedInstrument {
  readonly state: DsoxState;
}

export interface DsoxOptions {
  model?: string;
  signals?: readonly InputSignal[];
}

export function dsox1204gDefinition(options: DsoxOptions = {}): EmulatorDefinition<EmulatedDsox> {
  const model = findInfiniiVisionModel(options.model ?? 'DSO-X 1204G');
  if (!model) {
    throw new RangeError(
      `unknown InfiniiVision model "${options.model}"; one of ${INFINIIVISION_MODELS.map((m) => m.name).join(', ')}`,
    );
  }
  return {
    name: 'dsox1204g',
    description: `Keysight ${model.name} ${model.channels}-channel oscilloscope (${model.bandwidthHz / 1e6} MHz)`,
    defaultPort: 5025,
    rateBytesPerS: 1_700_000,
    replyLatencyMs: 2,
    create({ clock, seed }) {
      const state = new DsoxState(model, options.signals ?? defaultInputSignals(), seed, clock);
      const serial = `CN${String(57_000_000 + (seed % 1_000_000)).padStart(8, '0')}`;
      return {
        state,
        identity: () => `KEYSIGHT TECHNOLOGIES,${model.name},${serial},02.10.2019111333`,
        commands: toDefinitions(dsoxCommands(state)),
        reset: () => state.reset(),
      };
    },
  };
}

export const dsox1204gEmulator = dsox1204gDefinition();
