/** What an emulated instrument is made of: a model (state + physics) exposed through a command table. */
import type { Clock } from '../../util/index.js';
import type { ScpiError } from './ScpiError.js';

/** A query's answer: a line of text (the server adds `\n`) or the bytes of an IEEE 488.2 block. */
export type Reply = string | Uint8Array;

export interface CommandContext {
  /** Numeric suffixes of the header's `#` nodes, in order; undefined where the client gave none. */
  suffixes: readonly (number | undefined)[];
  /** Parameters as written, trimmed. */
  params: readonly string[];
  /**
   * Queues an error while the command still answers (a scope that refuses a waveform read replies with an
   * empty block and queues why, so the reader is not left waiting).
   */
  queueError(error: ScpiError): void;
}

export interface CommandDefinition {
  /** The header as the programming guide writes it, e.g. `:SOURce#:VOLTage[:LEVel][:IMMediate][:AMPLitude]`. */
  pattern: string;
  /** Carries the command out; a query returns its reply. Throws ScpiError for what the instrument refuses. */
  run(context: CommandContext): Reply | undefined;
  /** How long the instrument is busy after this command before it reads the next one, ms. */
  settleMs?: number;
}

export interface EmulatedInstrument {
  /** The `*IDN?` answer: maker,model,serial,firmware. */
  identity(): string;
  readonly commands: readonly CommandDefinition[];
  /** `*RST`: the factory default state. */
  reset(): void;
  /**
   * Whether the instrument takes this program message at all; false loses it (not carried out, not
   * answered), as an SPD3303X loses commands sent too soon after the previous one. `receivedAgoMs`: how
   * long before now it arrived (it may have waited behind a slow reply). Absent: always.
   */
  accepts?(line: string, receivedAgoMs: number): boolean;
}

export interface EmulatorContext {
  clock: Clock;
  /** Seed for anything random in the model (noise). */
  seed: number;
}

/** A command-line flag of one emulator (`--load 1=10`), applied once it runs. */
export interface EmulatorFlag<I extends EmulatedInstrument> {
  /** What it takes, for the usage line, e.g. "CH=OHMS[,CH=OHMS]". */
  value: string;
  /** Applies `value`; throws an Error saying what was expected when it is not understood. */
  apply(instrument: I, value: string): void;
}

/** One emulator the registry knows: how to make it and how its link behaves by default. */
export interface EmulatorDefinition<I extends EmulatedInstrument = EmulatedInstrument> {
  /** Name on the command line (`npm run emulate -- dp832`). */
  name: string;
  /** One line for people. */
  description: string;
  /** Port it listens on unless told otherwise (Rigol: 5555; SCPI raw socket: 5025). */
  defaultPort: number;
  /** Bytes per second its link carries by default. */
  rateBytesPerS: number;
  /** Time the instrument takes to start answering a query, ms. */
  replyLatencyMs: number;
  create(context: EmulatorContext): I;
  /** Flags of its own, by name without the dashes. */
  flags?: Readonly<Record<string, EmulatorFlag<I>>>;
}
