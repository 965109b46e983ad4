/**
 * A small SCPI command table for the scope emulators: headers written as the programming guides write them
 * (`:WAVeform:DATA?`, `:CHANnel<n>:SCALe`), matched in their short form (`:WAV:DATA?`), their long form or
 * any case, with a numeric suffix captured where the pattern has `<n>`. A header that matches nothing is
 * the instrument's "undefined header" error, not a reply.
 */

/** What a command answers: a reply line (the server adds the terminator), raw bytes (a block), or nothing. */
export type ScpiReply = string | Uint8Array | undefined | void;

export interface ScpiCommand {
  /** Guide notation: upper case is the short form, `<n>` a numeric suffix, a trailing `?` a query. */
  pattern: string;
  /** `args` is the text after the header, trimmed; `suffixes` the numbers captured for `<n>`, in order. */
  handle(args: string, suffixes: number[]): ScpiReply;
}

interface Node {
  short: string;
  long: string;
  suffix: boolean;
}

interface Compiled {
  command: ScpiCommand;
  nodes: Node[];
  query: boolean;
}

/** Thrown by a handler for a setting it refuses: the emulator queues it as the instrument's error. */
export class ScpiCommandError extends Error {
  override name = 'ScpiCommandError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export class ScpiCommandTable {
  readonly #compiled: Compiled[];

  constructor(commands: readonly ScpiCommand[]) {
    this.#compiled = commands.map(compile);
  }

  /**
   * Runs one program message (`header[ args]`). Throws ScpiCommandError -113 for an unknown header; a
   * handler's own ScpiCommandError passes through.
   */
  execute(message: string): ScpiReply {
    const text = message.trim();
    const space = text.search(/\s/);
    const header = space < 0 ? text : text.slice(0, space);
    const args = space < 0 ? '' : text.slice(space + 1).trim();
    const query = header.endsWith('?');
    const parts = (query ? header.slice(0, -1) : header).replace(/^:/, '').split(':');
    for (const entry of this.#compiled) {
      if (entry.query !== query || entry.nodes.length !== parts.length) continue;
      const suffixes = matchNodes(entry.nodes, parts);
      if (suffixes) return entry.command.handle(args, suffixes);
    }
    throw new ScpiCommandError(-113, 'Undefined header');
  }
}

function compile(command: ScpiCommand): Compiled {
  const query = command.pattern.endsWith('?');
  const body = (query ? command.pattern.slice(0, -1) : command.pattern).replace(/^:/, '');
  const nodes = body.split(':').map((node) => {
    const suffix = node.endsWith('<n>');
    const name = suffix ? node.slice(0, -3) : node;
    return { short: name.replace(/[a-z]/g, ''), long: name.toUpperCase(), suffix };
  });
  return { command, nodes, query };
}

function matchNodes(nodes: readonly Node[], parts: readonly string[]): number[] | undefined {
  const suffixes: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    let part = parts[i]!.toUpperCase();
    if (node.suffix) {
      const digits = /\d+$/.exec(part);
      // An absent suffix means 1, as in every SCPI instrument (`:CHAN:SCAL?` is channel 1).
      suffixes.push(digits ? Number(digits[0]) : 1);
      if (digits) part = part.slice(0, digits.index);
    }
    if (part !== node.short && part !== node.long) return undefined;
  }
  return suffixes;
}

/** Parses a boolean argument as SCPI does: `1`/`ON` or `0`/`OFF`. */
export function parseScpiBool(args: string): boolean {
  const word = args.toUpperCase();
  if (word === '1' || word === 'ON') return true;
  if (word === '0' || word === 'OFF') return false;
  throw new ScpiCommandError(-224, 'Illegal parameter value');
}

/** Parses a number argument (NR1/NR2/NR3, with an optional unit-free exponent); -224 when it is not one. */
export function parseScpiNumber(args: string): number {
  const value = Number(args);
  if (args === '' || !Number.isFinite(value)) throw new ScpiCommandError(-224, 'Illegal parameter value');
  return value;
}

/**
 * Matches an enumerated argument against choices in guide notation (`NORMal`, `RAW`): the short or long
 * form, any case. Returns the choice's short form.
 */
export function parseScpiChoice(args: string, choices: readonly string[]): string {
  const word = args.toUpperCase();
  for (const choice of choices) {
    const short = choice.replace(/[a-z]/g, '');
    if (word === short || word === choice.toUpperCase()) return short;
  }
  throw new ScpiCommandError(-224, 'Illegal parameter value');
}

/**
 * An IEEE 488.2 definite-length block with its `\n` terminator: `#9000001200<bytes>\n` (Rigol pads the
 * length to 9 digits, Keysight to 8).
 */
export function definiteBlock(payload: Uint8Array, lengthDigits = 9): Uint8Array {
  const header = `#${lengthDigits}${String(payload.length).padStart(lengthDigits, '0')}`;
  const out = new Uint8Array(header.length + payload.length + 1);
  out.set(Buffer.from(header, 'ascii'), 0);
  out.set(payload, header.length);
  out[out.length - 1] = 0x0a;
  return out;
}

/** C's `%e`: six decimals, an exponent of at least two digits (`1.000000e-03`), as Rigol replies. */
export function formatE(value: number, decimals = 6): string {
  const [mantissa, exponent] = value.toExponential(decimals).split('e') as [string, string];
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

/** NR3 with an explicit sign, as Keysight replies (`+1.00000000E-03`). */
export function formatNr3(value: number): string {
  const text = formatE(value, 8).toUpperCase();
  return text.startsWith('-') ? text : `+${text}`;
}
