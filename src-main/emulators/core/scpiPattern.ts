/**
 * SCPI headers as the programming guides write them — `:SOURce#:VOLTage[:LEVel][:IMMediate][:AMPLitude]?`
 * — compiled once and matched against what arrives, as pure functions.
 *
 * Pattern syntax: nodes separated by `:`; the uppercase part of a node is its short form and the whole
 * node its long form (either is accepted, case-insensitively, nothing in between); `[:NODE]` is optional;
 * a trailing `#` accepts a numeric suffix (`SOURce#` matches `SOUR`, `SOUR2`, `SOURCE1`); a trailing `?`
 * makes it a query. Common commands are written as they are (`*IDN?`).
 */

interface PatternNode {
  long: string;
  short: string;
  optional: boolean;
  suffix: boolean;
}

export interface CompiledPattern {
  /** The pattern as written, for messages. */
  source: string;
  query: boolean;
  nodes: PatternNode[];
}

const NODE = /(\[)?:?(\*?[A-Za-z][A-Za-z0-9]*?)(#)?(\])?(?=$|:|\[)/y;

export function compilePattern(source: string): CompiledPattern {
  const query = source.endsWith('?');
  const body = query ? source.slice(0, -1) : source;
  const nodes: PatternNode[] = [];
  NODE.lastIndex = 0;
  while (NODE.lastIndex < body.length) {
    const at = NODE.lastIndex;
    const m = NODE.exec(body);
    if (!m || m.index !== at || (m[1] === undefined) !== (m[4] === undefined)) {
      throw new Error(`bad SCPI pattern ${JSON.stringify(source)} at ${at}`);
    }
    const name = m[2]!;
    const short = name.startsWith('*')
      ? name.toUpperCase()
      : name.replace(/[a-z]+$/, '').replace(/[a-z]/g, '');
    nodes.push({ long: name.toUpperCase(), short, optional: m[1] !== undefined, suffix: m[3] !== undefined });
  }
  if (nodes.length === 0) throw new Error(`empty SCPI pattern ${JSON.stringify(source)}`);
  return { source, query, nodes };
}

/**
 * Matches a header's nodes (already split on `:`, query mark removed) against a pattern. Resolves with
 * the numeric suffix of every `#` node in order (undefined where the input gave none), or undefined when
 * the header does not match.
 */
export function matchHeader(
  pattern: CompiledPattern,
  tokens: readonly string[],
): (number | undefined)[] | undefined {
  const suffixes: (number | undefined)[] = [];
  return walk(pattern.nodes, tokens, 0, 0, suffixes) ? suffixes : undefined;
}

/**
 * Whether `nodes` from `node` on match `tokens` from `token` on, pushing suffixes as it goes. A module
 * function, not a closure made per call: the emulator matches a header against its table on every command.
 */
function walk(
  nodes: readonly PatternNode[],
  tokens: readonly string[],
  node: number,
  token: number,
  suffixes: (number | undefined)[],
): boolean {
  if (node === nodes.length) return token === tokens.length;
  const spec = nodes[node]!;
  const mark = suffixes.length;
  if (token < tokens.length) {
    const parsed = splitSuffix(tokens[token]!, spec.suffix);
    if (parsed && (parsed.name === spec.short || parsed.name === spec.long)) {
      if (spec.suffix) suffixes.push(parsed.suffix);
      if (walk(nodes, tokens, node + 1, token + 1, suffixes)) return true;
      suffixes.length = mark;
    }
  }
  if (spec.optional) {
    if (spec.suffix) suffixes.push(undefined);
    if (walk(nodes, tokens, node + 1, token, suffixes)) return true;
    suffixes.length = mark;
  }
  return false;
}

function splitSuffix(
  token: string,
  allowSuffix: boolean,
): { name: string; suffix: number | undefined } | undefined {
  const upper = token.toUpperCase();
  if (!allowSuffix) return { name: upper, suffix: undefined };
  const m = /^(\*?[A-Z]+?)(\d+)?$/.exec(upper);
  if (!m) return { name: upper, suffix: undefined };
  return { name: m[1]!, suffix: m[2] === undefined ? undefined : Number(m[2]) };
}
