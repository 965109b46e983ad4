/**
 * An emulated Rigol DS1000Z (DS1054Z by default): one program message in, its reply (if any) out. The
 * network side — port 5555, one session at a time, link pacing, faults — is the emulator core's; this is
 * the instrument behind it.
 *
 * Quirk modelled as an option (off by default, since the programming guide does not state it): a query
 * that arrives within `lostQueryAfterWriteMs` of a write is lost, as users report of some firmware.
 */
import { systemClock, type Clock } from '../../util/clock.js';
import { DS1000Z_MODELS, findDs1000zModel } from '../../instruments/rigol-ds1000z/ds1000zModels.js';
import { ErrorQueue } from '../scope/ErrorQueue.js';
import { defaultInputSignals, type InputSignal } from '../scope/ScopeFrontEnd.js';
import { ScpiCommandError, ScpiCommandTable, type ScpiReply } from '../scope/scpiCommands.js';
import { ds1054zCommands } from './ds1054zCommands.js';
import { Ds1054zState } from './Ds1054zState.js';

export interface Ds1054zEmulatorOptions {
  /** Model `*IDN?` reports (a DS1000Z name, e.g. `DS1104Z`); DS1054Z by default. */
  model?: string;
  serial?: string;
  /** The signals on the inputs; the simulator's demo signals by default. */
  signals?: readonly InputSignal[];
  seed?: number;
  clock?: Clock;
  /** A query within this many ms of a write gets no reply; 0 (off) by default. */
  lostQueryAfterWriteMs?: number;
}

export class Ds1054zEmulator {
  readonly state: Ds1054zState;
  readonly errors = new ErrorQueue();
  readonly #table: ScpiCommandTable;
  readonly #clock: Clock;
  readonly #lostQueryAfterWriteMs: number;
  #lastWriteMs = Number.NEGATIVE_INFINITY;

  constructor(options: Ds1054zEmulatorOptions = {}) {
    const model = findDs1000zModel(options.model ?? 'DS1054Z');
    if (!model) {
      throw new RangeError(
        `unknown DS1000Z model "${options.model}"; one of ${DS1000Z_MODELS.map((m) => m.name).join(', ')}`,
      );
    }
    this.#clock = options.clock ?? systemClock;
    this.#lostQueryAfterWriteMs = options.lostQueryAfterWriteMs ?? 0;
    this.state = new Ds1054zState(
      model,
      options.signals ?? defaultInputSignals(),
      options.seed ?? 1,
      this.#clock,
    );
    this.#table = new ScpiCommandTable(
      ds1054zCommands(
        this.state,
        { serial: options.serial ?? 'DS1ZA000000001', firmware: '00.04.04.SP4' },
        this.errors,
      ),
    );
  }

  /** Runs one program message; the reply line or block, or undefined for a write (or a lost query). */
  handle(message: string): ScpiReply {
    const isQuery = message.trim().split(/\s/, 1)[0]!.endsWith('?');
    const nowMs = this.#clock.nowMs();
    if (!isQuery) this.#lastWriteMs = nowMs;
    else if (nowMs - this.#lastWriteMs < this.#lostQueryAfterWriteMs) return undefined;
    try {
      return this.#table.execute(message);
    } catch (err) {
      if (!(err instanceof ScpiCommandError)) throw err;
      this.errors.push(err.code, err.message);
      return undefined;
    }
  }
}
