/**
 * Schema violations as sentences a person can act on — "sample_rate must be more than 0 Hz", "start_s must
 * be at least 0 s", "channels must list at most 8" — instead of zod's "Too small: expected number to be
 * >=0". Every client sees these (the dashboard shows them as they come), so they name the field as the wire
 * spells it and give the bound in the field's unit.
 *
 * `humanIssues` is a zod error map that words an issue as what the field must be ("must be at least 0 s");
 * `describeIssue` puts the field in front. `wordIssuesForPeople()` makes it zod's map for the process: set
 * globally rather than passed to each parse, because a parse given its own map leaves zod's compiled fast
 * path (a valid command took 13–18 µs to check instead of 2). A message given in a schema itself
 * (`.min(1, '…')`) still takes precedence, and should be worded the same way.
 */
import { z } from 'zod';

/**
 * The unit a wire field is given in, from its name: the protocol's names carry it (`interval_ms`,
 * `start_s`, `pre_trigger_samples`), except `sample_rate`, the streaming guide's name, in hertz.
 */
export function unitOfField(field: string): string | undefined {
  const name = field.split('.').pop() ?? field;
  if (name === 'sample_rate' || name.endsWith('_hz')) return 'Hz';
  if (name.endsWith('_ms')) return 'ms';
  if (name.endsWith('_s')) return 's';
  if (name.endsWith('samples')) return 'samples';
  return undefined;
}

const TYPE_NAMES: Record<string, string> = {
  int: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

/** 60000 → "60,000" (Intl's toLocaleString is slow for a path that answers floods of bad messages). */
function grouped(value: number): string {
  const text = String(value);
  return Number.isInteger(value) && Math.abs(value) >= 10_000 ? text.replace(/\B(?=(\d{3})+$)/g, ',') : text;
}

function amount(value: unknown, unit: string | undefined): string {
  const text = typeof value === 'number' ? grouped(value) : String(value);
  return unit === undefined ? text : `${text} ${unit}`;
}

/** What was sent instead, briefly: `1.5`, `text ("abc")`, `a list`. */
function sent(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `text (${JSON.stringify(value.slice(0, 32))})`;
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' ? String(value) : typeof value;
}

type RawIssue = Parameters<z.core.$ZodErrorMap>[0];

function sizePhrase(issue: RawIssue, small: boolean, unit: string | undefined): string {
  const bound = small ? issue.minimum : issue.maximum;
  const inclusive = issue.inclusive !== false;
  if (issue.origin === 'string') {
    if (small && bound === 1) return 'must not be empty';
    return `must be ${small ? 'at least' : 'at most'} ${amount(bound, 'characters')} long`;
  }
  if (issue.origin === 'array' || issue.origin === 'set') {
    if (small && bound === 1) return 'must list at least one';
    return `must list ${small ? 'at least' : 'at most'} ${amount(bound, undefined)}`;
  }
  const relation = small ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
  return `must be ${relation} ${amount(bound, unit)}`;
}

/** The zod error map for input from outside: what the field must be, in words and units. */
export const humanIssues: z.core.$ZodErrorMap = (issue) => {
  const field = (issue.path ?? []).map(String).join('.');
  const unit = unitOfField(field);
  switch (issue.code) {
    case 'too_small':
      return sizePhrase(issue, true, unit);
    case 'too_big':
      return sizePhrase(issue, false, unit);
    case 'invalid_type':
      return issue.input === undefined
        ? `is missing: it must be ${typeName(issue.expected)}`
        : `must be ${typeName(issue.expected)}, not ${sent(issue.input)}`;
    case 'invalid_value': {
      const choices = issue.values.map((v) => JSON.stringify(v));
      return choices.length === 1 ? `must be ${choices[0]}` : `must be one of ${choices.join(', ')}`;
    }
    case 'invalid_union': {
      const expected = issue.errors
        .map((alternative) => alternative[0])
        .flatMap((first) => (first?.code === 'invalid_type' ? [typeName(first.expected)] : []));
      return expected.length > 0 ? `must be ${expected.join(' or ')}` : 'is not in a form this server knows';
    }
    case 'not_multiple_of':
      return `must be a multiple of ${amount(issue.divisor, unit)}`;
    default:
      return 'is not valid';
  }
};

/** The field (dotted path; "(message)" for the whole) and a sentence naming it, for one issue. */
export function describeIssue(issue: z.core.$ZodIssue): { field: string; message: string } {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return { field: keys, message: `unknown field${issue.keys.length > 1 ? 's' : ''}: ${keys}` };
  }
  const field = issue.path.map(String).join('.') || '(message)';
  return { field, message: `${field} ${issue.message}` };
}

/** Makes `humanIssues` the map for every zod parse in this process (idempotent). */
export function wordIssuesForPeople(): void {
  z.config({ customError: humanIssues });
}
