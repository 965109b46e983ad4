/**
 * Runs program messages against an emulated instrument: matches each command to the instrument's table
 * (plus the IEEE 488.2 common commands and `SYST:ERR?`), queues errors as the standard says, and collects
 * the replies of the queries in the message.
 */
import { ErrorQueue } from './ErrorQueue.js';
import { MessageSyntaxError, parseProgramMessage } from './programMessage.js';
import { ScpiError, SCPI_ERRORS } from './ScpiError.js';
import type { CompiledPattern } from './scpiPattern.js';
import { compilePattern, matchHeader } from './scpiPattern.js';
import type { CommandDefinition, EmulatedInstrument, Reply } from './types.js';
import { noMoreParams, numberParam } from './parameters.js';

export interface ExecutionResult {
  /** Replies of the message's queries, in order. */
  replies: Reply[];
  /** How long the instrument is busy after the message, ms. */
  settleMs: number;
}

interface CompiledCommand {
  pattern: CompiledPattern;
  definition: CommandDefinition;
}

interface FoundCommand {
  command: CompiledCommand;
  /** Read only: one array serves every command with this header. */
  suffixes: readonly (number | undefined)[];
}

/** A header no command of the table matches (kept like the others, so it is not matched again). */
const NOT_FOUND = 'not_found';
/** Headers whose command is kept at most. */
const MAX_KNOWN_HEADERS = 512;

/** Standard event status register bits (IEEE 488.2 11.5.1). */
const ESR = { opc: 1, queryError: 4, deviceError: 8, executionError: 16, commandError: 32 } as const;

export class CommandTable {
  readonly #instrument: EmulatedInstrument;
  readonly #commands: CompiledCommand[];
  readonly errors = new ErrorQueue();
  /** Each header's command, as `#find` found it. */
  readonly #found = new Map<string, FoundCommand | typeof NOT_FOUND>();
  #esr = 0;
  #ese = 0;
  #sre = 0;

  constructor(instrument: EmulatedInstrument) {
    this.#instrument = instrument;
    // The instrument's own definitions come first, so a model can depart from the common ones (an
    // SPD3303X never answers *OPC?).
    this.#commands = [...instrument.commands, ...this.#commonCommands()].map((definition) => ({
      pattern: compilePattern(definition.pattern),
      definition,
    }));
  }

  /**
   * Runs one program message (one line, terminator removed) that arrived `receivedAgoMs` ago (0: now; a
   * message that waited behind a slow reply arrived earlier than it runs).
   */
  execute(line: string, receivedAgoMs = 0): ExecutionResult {
    const replies: Reply[] = [];
    let settleMs = 0;
    if (this.#instrument.accepts?.(line, receivedAgoMs) === false) return { replies, settleMs };
    let commands;
    try {
      commands = parseProgramMessage(line);
    } catch (err) {
      if (!(err instanceof MessageSyntaxError)) throw err;
      this.#queue(SCPI_ERRORS.syntax());
      return { replies, settleMs };
    }
    for (const command of commands) {
      const found = this.#find(command.tokens, command.query);
      if (!found) {
        this.#queue(SCPI_ERRORS.undefinedHeader());
        // A command error ends the message: what follows is not parsed (IEEE 488.2 6.1.6).
        break;
      }
      try {
        const reply = found.command.definition.run({
          suffixes: found.suffixes,
          params: command.params,
          queueError: (error) => this.#queue(error),
        });
        if (command.query && reply !== undefined) replies.push(reply);
        settleMs += found.command.definition.settleMs ?? 0;
      } catch (err) {
        if (!(err instanceof ScpiError)) throw err;
        this.#queue(err);
        if (err.code <= -100 && err.code > -200) break;
      }
    }
    return { replies, settleMs };
  }

  /**
   * The table's command for a header, and its suffixes. A client sends the same few headers over and over
   * (a screen read is nine of them, many times a second), and matching is pure, so each header's answer
   * is kept: a lookup is then one map read instead of trying the table's patterns in turn.
   */
  #find(tokens: readonly string[], query: boolean): FoundCommand | undefined {
    const key = `${query ? '?' : ''}${tokens.join(':').toUpperCase()}`;
    const known = this.#found.get(key);
    if (known !== undefined) return known === NOT_FOUND ? undefined : known;
    let found: FoundCommand | undefined;
    for (const command of this.#commands) {
      if (command.pattern.query !== query) continue;
      const suffixes = matchHeader(command.pattern, tokens);
      if (suffixes) {
        found = { command, suffixes };
        break;
      }
    }
    // Bounded: a client sending ever new headers (a fuzzer, garbage) must not grow it without end.
    if (this.#found.size >= MAX_KNOWN_HEADERS) this.#found.clear();
    this.#found.set(key, found ?? NOT_FOUND);
    return found;
  }

  #queue(error: ScpiError): void {
    this.errors.push(error);
    const code = error.code;
    if (code <= -100 && code > -200) this.#esr |= ESR.commandError;
    else if (code <= -200 && code > -300) this.#esr |= ESR.executionError;
    else if (code <= -300 && code > -400) this.#esr |= ESR.deviceError;
    else if (code <= -400 && code > -500) this.#esr |= ESR.queryError;
  }

  #commonCommands(): CommandDefinition[] {
    const noParams =
      (run: () => Reply | undefined) =>
      ({ params }: { params: readonly string[] }) => {
        noMoreParams(params, 0);
        return run();
      };
    const register = (params: readonly string[]): number =>
      numberParam(params, 0, { min: 0, max: 255, keywords: false });
    return [
      { pattern: '*IDN?', run: noParams(() => this.#instrument.identity()) },
      {
        pattern: '*RST',
        run: noParams(() => {
          this.#instrument.reset();
          return undefined;
        }),
        settleMs: 50,
      },
      {
        pattern: '*CLS',
        run: noParams(() => {
          this.errors.clear();
          this.#esr = 0;
          return undefined;
        }),
      },
      { pattern: '*OPC?', run: noParams(() => '1') },
      {
        pattern: '*OPC',
        run: noParams(() => {
          this.#esr |= ESR.opc;
          return undefined;
        }),
      },
      {
        pattern: '*ESR?',
        run: noParams(() => {
          const value = this.#esr;
          this.#esr = 0;
          return String(value);
        }),
      },
      { pattern: '*ESE?', run: noParams(() => String(this.#ese)) },
      { pattern: '*ESE', run: ({ params }) => void (this.#ese = register(params)) },
      { pattern: '*SRE?', run: noParams(() => String(this.#sre)) },
      { pattern: '*SRE', run: ({ params }) => void (this.#sre = register(params)) },
      { pattern: '*STB?', run: noParams(() => String(this.#statusByte())) },
      { pattern: '*WAI', run: noParams(() => undefined) },
      { pattern: '*TST?', run: noParams(() => '0') },
      { pattern: ':SYSTem:ERRor[:NEXT]?', run: noParams(() => this.errors.next()) },
      { pattern: ':SYSTem:VERSion?', run: noParams(() => '1999.0') },
    ];
  }

  /** Bit 2: error queue not empty; bit 5: an enabled event is set (IEEE 488.2 11.2). */
  #statusByte(): number {
    return (this.errors.size > 0 ? 4 : 0) | ((this.#esr & this.#ese) !== 0 ? 32 : 0);
  }
}
