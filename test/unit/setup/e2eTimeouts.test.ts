/**
 * playwright.config.ts sets each test's bound for a hang (90 s) from what a loaded 2-core machine needs. A
 * spec may raise it for a long journey, never lower it: the two-dashboard capture in acquisition.spec.ts
 * kept a 60 s bound from before the config was raised and failed at load 15 after 60 s of live work that
 * would have passed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const e2eDir = path.join(repoRoot, 'test', 'e2e');

/** The numbers passed to `test.setTimeout(...)` in a spec's text, in ms. */
export function setTimeoutBoundsMs(source: string): number[] {
  return [...source.matchAll(/test\.setTimeout\(\s*([\d_]+)\s*\)/g)].map((m) =>
    Number(m[1]!.replace(/_/g, '')),
  );
}

function configTimeoutMs(): number {
  const config = readFileSync(path.join(repoRoot, 'playwright.config.ts'), 'utf8');
  const match = /^\s*timeout:\s*([\d_]+),/m.exec(config);
  if (!match) throw new Error('playwright.config.ts has no top-level `timeout: <ms>,` line');
  return Number(match[1]!.replace(/_/g, ''));
}

describe('E2E per-test time bounds', () => {
  it('reads the bounds a spec sets', () => {
    expect(setTimeoutBoundsMs('test.setTimeout(60_000);\n  test.setTimeout( 480000 );')).toEqual([
      60_000, 480_000,
    ]);
  });

  it('no spec lowers the config’s bound for a hang', () => {
    const bound = configTimeoutMs();
    const lowered = readdirSync(e2eDir)
      .filter((name) => name.endsWith('.spec.ts'))
      .flatMap((name) =>
        setTimeoutBoundsMs(readFileSync(path.join(e2eDir, name), 'utf8'))
          .filter((ms) => ms < bound)
          .map((ms) => `${name}: test.setTimeout(${ms}) < ${bound}`),
      );
    expect(lowered).toEqual([]);
  });
});
