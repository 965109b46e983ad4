/**
 * An emulated Keysight InfiniiVision X (DSO-X 1204G by default): one program message in, its reply out.
 * The network side (port 5025, one session, pacing, faults) is the emulator core's.
 */
import { systemClock, type Clock } from '../../util/clock.js';
import {
  INFINIIVISION_MODELS,
  findInfiniiVisionModel,
} from '../../instruments/keysight-infiniivision/infiniivisionModels.js';
import { ErrorQueue } from '../scope/ErrorQueue.js';
import { defaultInputSignals, type InputSignal } from '../scope/ScopeFrontEnd.js';
import { ScpiCommandError, ScpiCommandTable, type ScpiReply } from '../scope/scpiCommands.js';
import { dsoxCommands } from './dsoxCommands.js';
import { DsoxState } from './DsoxState.js';

export interface Dsox1204gEmulatorOptions {
  /** Model `*IDN?` reports (`DSO-X 2024A`, `DSOX3034T`…); DSO-X 1204G by default. */
  model?: string;
  serial?: string;
  signals?: readonly InputSignal[];
  seed?: number;
  clock?: Clock;
}

export class Dsox1204gEmulator {
  readonly state: DsoxState;
  readonly errors = new ErrorQueue();
  readonly #table: ScpiCommandTable;

  constructor(options: Dsox1204gEmulatorOptions = {}) {
    const model = findInfiniiVisionModel(options.model ?? 'DSO-X 1204G');
    if (!model) {
      throw new RangeError(
        `unknown InfiniiVision model "${options.model}"; one of ${INFINIIVISION_MODELS.map((m) => m.name).join(', ')}`,
      );
    }
    const clock = options.clock ?? systemClock;
    this.state = new DsoxState(model, options.signals ?? defaultInputSignals(), options.seed ?? 1, clock);
    this.#table = new ScpiCommandTable(
      dsoxCommands(
        this.state,
        {
          vendor: 'KEYSIGHT TECHNOLOGIES',
          serial: options.serial ?? 'CN00000001',
          firmware: '02.10.2019111333',
        },
        this.errors,
      ),
    );
  }

  handle(message: string): ScpiReply {
    try {
      return this.#table.execute(message);
    } catch (err) {
      if (!(err instanceof ScpiCommandError)) throw err;
      this.errors.push(err.code, err.message);
      return undefined;
    }
  }
}
