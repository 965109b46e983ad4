/**
 * vitest.config.ts sets the bound for a hang (testTimeout, hookTimeout: 120 s) from what a loaded 2-core
 * machine needs; nothing in the suite is judged by the wall clock. A test or hook may raise it for a long
 * journey, never lower it: sixteen kept 30-90 s bounds from before the config was raised (fleet, export,
 * review, hardening), which a loaded machine can exceed with nothing wrong. The same rule as
 * e2eTimeouts.test.ts for the Playwright specs.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CALLS = new Set(['it', 'test', 'describe', 'beforeAll', 'beforeEach', 'afterAll', 'afterEach']);

/** The callee's root name: `it` for it(...), it.skipIf(x)(...), describe.each(t)(...). */
function rootName(expression: ts.Expression): string | undefined {
  let e: ts.Expression = expression;
  for (;;) {
    if (ts.isIdentifier(e)) return e.text;
    if (ts.isPropertyAccessExpression(e)) e = e.expression;
    else if (ts.isCallExpression(e)) e = e.expression;
    else return undefined;
  }
}

const numberOf = (node: ts.Node): number | undefined =>
  ts.isNumericLiteral(node) ? Number(node.text.replace(/_/g, '')) : undefined;

/** A bound passed as a number, last argument `(..., 30_000)` or in options `{ timeout: 30_000 }`. */
function boundOf(call: ts.CallExpression): number | undefined {
  for (const arg of call.arguments.slice(1)) {
    const literal = numberOf(arg);
    if (literal !== undefined) return literal;
    if (!ts.isObjectLiteralExpression(arg)) continue;
    for (const p of arg.properties)
      if (ts.isPropertyAssignment(p) && p.name.getText() === 'timeout') return numberOf(p.initializer);
  }
  return undefined;
}

/** `file:line call bound` for each test, describe or hook in `source` whose own bound is below `minMs`. */
export function boundsBelow(file: string, source: string, minMs: number): string[] {
  const found: string[] = [];
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = rootName(node.expression);
      const bound = name !== undefined && CALLS.has(name) ? boundOf(node) : undefined;
      if (bound !== undefined && bound < minMs) {
        const line = sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        found.push(`${file}:${line} ${name} ${bound}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function configBoundMs(key: 'testTimeout' | 'hookTimeout'): number {
  const config = readFileSync(path.join(repoRoot, 'vitest.config.ts'), 'utf8');
  const match = new RegExp(`^\\s*${key}:\\s*([\\d_]+),`, 'm').exec(config);
  if (!match) throw new Error(`vitest.config.ts has no \`${key}: <ms>,\` line`);
  return Number(match[1]!.replace(/_/g, ''));
}

describe('Vitest per-test time bounds', () => {
  it('finds a bound passed last, in options, on a hook, and through skipIf', () => {
    const source = [
      "it('a', async () => {}, 30_000);",
      "it('b', { timeout: 5000 }, async () => {});",
      'beforeAll(async () => {}, 60_000);',
      "describe.skipIf(false)('c', () => { it('d', () => {}, 200_000); });",
      "it('e', () => {});",
    ].join('\n');
    expect(boundsBelow('x.test.ts', source, 120_000)).toEqual([
      'x.test.ts:1 it 30000',
      'x.test.ts:2 it 5000',
      'x.test.ts:3 beforeAll 60000',
    ]);
  });

  it('no test, describe or hook lowers the config’s bound for a hang', () => {
    const minMs = Math.min(configBoundMs('testTimeout'), configBoundMs('hookTimeout'));
    const files = execFileSync('git', ['ls-files', 'test/unit/*.ts', 'test/integration/*.ts'], {
      cwd: repoRoot,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(100);
    const lowered = files.flatMap((f) => boundsBelow(f, readFileSync(path.join(repoRoot, f), 'utf8'), minMs));
    expect(lowered).toEqual([]);
  });
});
