/**
 * `npm test` is what CI runs (.ci/run). Its steps, with every `npm run <script>` expanded: each check runs,
 * and runs once. The typecheck used to run twice (once as its own step and again inside `build`), about
 * 30 s of CI on the 2-core machine for nothing; docs/TESTING.md has the per-step times.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const scripts = (
  JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

/**
 * The commands a script runs, with `npm run <name>` replaced by that script's own commands, and
 * `node scripts/parallelSteps.mjs a b` (which runs scripts a and b at once) by a's commands then b's.
 */
function expand(name: string, seen: string[] = []): string[] {
  const body = scripts[name];
  if (body === undefined) throw new Error(`no script "${name}" (from ${seen.join(' → ') || 'the test'})`);
  if (seen.includes(name)) throw new Error(`script "${name}" runs itself: ${[...seen, name].join(' → ')}`);
  return body.split('&&').flatMap((part) => {
    const command = part.trim();
    const nested = /^npm run ([\w:-]+)$/.exec(command);
    if (nested) return expand(nested[1]!, [...seen, name]);
    const parallel = /^node scripts\/parallelSteps\.mjs ((?:[\w:-]+ ?)+)$/.exec(command);
    if (parallel)
      return parallel[1]!
        .trim()
        .split(' ')
        .flatMap((step) => expand(step, [...seen, name]));
    return [command];
  });
}

describe('npm test', () => {
  const steps = expand('test');

  it('runs every check: setup, typecheck, lint, security, unit, the build, E2E', () => {
    for (const name of ['test:setup', 'typecheck', 'lint', 'security', 'test:unit', 'test:e2e']) {
      for (const command of expand(name)) expect(steps, `${name}: ${command}`).toContain(command);
    }
    // E2E drives the built app (dist/), so both bundles are built before Playwright starts.
    const e2e = steps.indexOf('playwright test');
    for (const command of [...expand('build:renderer'), ...expand('build:main')]) {
      expect(steps.indexOf(command), command).toBeGreaterThanOrEqual(0);
      expect(steps.indexOf(command), command).toBeLessThan(e2e);
    }
  });

  it('typechecks each project once', () => {
    const tsc = steps.filter((command) => /^tsc\b/.test(command));
    expect(tsc).toEqual(expand('typecheck'));
    expect(new Set(tsc).size).toBe(tsc.length);
  });

  it('`npm run build` still typechecks first, for anyone building by hand', () => {
    const build = expand('build');
    expect(build.slice(0, expand('typecheck').length)).toEqual(expand('typecheck'));
  });
});
