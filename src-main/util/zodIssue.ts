/**
 * One zod issue as a person reads it: where (the path inside the value checked) and why, in words —
 * "missing (expected string)", "expected number, received string", "unknown field: colour".
 */
import type { z } from 'zod';

export interface IssueReport {
  path: PropertyKey[];
  reason: string;
}

export function describeZodIssue(issue: z.core.$ZodIssue): IssueReport {
  switch (issue.code) {
    case 'unrecognized_keys':
      return {
        path: issue.keys.length === 1 ? [...issue.path, issue.keys[0]!] : issue.path,
        reason: issue.keys.length === 1 ? 'unknown field' : `unknown fields: ${issue.keys.join(', ')}`,
      };
    case 'invalid_type':
      return {
        path: issue.path,
        reason: issue.message.endsWith('received undefined')
          ? `missing (expected ${issue.expected})`
          : plain(issue.message),
      };
    case 'invalid_key':
      return { path: issue.path, reason: `invalid key: ${plain(issue.issues[0]?.message ?? issue.message)}` };
    default:
      return { path: issue.path, reason: plain(issue.message) };
  }
}

/** "Invalid input: expected 1" → "expected 1"; "Too big: expected number to be <=5" → "too big: ...". */
function plain(message: string): string {
  const text = message.replace(/^Invalid input: /, '');
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** A path as JSON path text: `instruments[1].options.port` (keys that are no identifier: `["a b"]`). */
export function jsonPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text === '' ? '(top level)' : text;
}
