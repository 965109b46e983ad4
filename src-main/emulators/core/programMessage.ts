/**
 * One line from a SCPI client (a program message) cut into its commands, as pure logic: `;` separates
 * commands, `;:` returns to the root, and a command after `;` without a leading `:` continues from the
 * previous command's branch (`:SOUR:VOLT 1;CURR 2` sets `:SOUR:CURR`). Common commands (`*CLS`) do not
 * move the branch. Quoted strings may hold `;` and `,`.
 */

export interface ParsedCommand {
  /** The header's nodes, absolute from the root, e.g. ['SOUR1', 'VOLT']; ['*IDN'] for a common command. */
  tokens: string[];
  query: boolean;
  /** Parameters as written, trimmed (quotes kept). */
  params: string[];
  /** The command as it was sent, for messages. */
  text: string;
}

export class MessageSyntaxError extends Error {
  override name = 'MessageSyntaxError';
}

export function parseProgramMessage(line: string): ParsedCommand[] {
  const commands: ParsedCommand[] = [];
  let branch: string[] = [];
  for (const raw of splitOutsideQuotes(line, ';')) {
    const text = raw.trim();
    if (text === '') continue;
    const m = /^(\S+?)(?:\s+(.*))?$/s.exec(text)!;
    let header = m[1]!;
    const rest = m[2]?.trim() ?? '';
    const query = header.endsWith('?');
    if (query) header = header.slice(0, -1);
    if (header.startsWith('*')) {
      commands.push({ tokens: [header.toUpperCase()], query, params: splitParams(rest), text });
      continue;
    }
    const absolute = header.startsWith(':');
    const nodes = (absolute ? header.slice(1) : header).split(':');
    if (nodes.some((n) => !/^[A-Za-z][A-Za-z]*\d*$/.test(n))) {
      throw new MessageSyntaxError(`bad header ${JSON.stringify(m[1])}`);
    }
    const tokens = absolute ? nodes : [...branch, ...nodes];
    branch = tokens.slice(0, -1);
    commands.push({ tokens, query, params: splitParams(rest), text });
  }
  return commands;
}

function splitParams(rest: string): string[] {
  if (rest === '') return [];
  return splitOutsideQuotes(rest, ',').map((p) => p.trim());
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
