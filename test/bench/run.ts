/**
 * `npm run bench [filter]`: runs every test/bench/*.bench.ts module (or those whose file name contains
 * `filter`), prints a table with the machine it ran on, and writes everything to bench-results.json at
 * the repository root. Targets are reported, not asserted: the exit code is non-zero only when a
 * benchmark throws (or returns something that is not a list of results) or nothing matched the filter.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './types.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..', '..');
const outputFile = path.join(repoRoot, 'bench-results.json');

interface ModuleReport {
  module: string;
  durationMs: number;
  results: BenchResult[];
  error?: string;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    const model = line?.split(':').slice(1).join(':').trim();
    if (model) return model;
  } catch {
    // Not Linux: fall through to what Node reports.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function machine(): Record<string, string | number> {
  return {
    cpu: cpuModel(),
    cores: os.availableParallelism(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    date: new Date().toISOString(),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBenchResult(value: unknown): value is BenchResult {
  if (!isRecord(value)) return false;
  if (typeof value.name !== 'string' || typeof value.value !== 'number' || typeof value.unit !== 'string')
    return false;
  const baseline = value.baseline;
  if (
    baseline !== undefined &&
    !(isRecord(baseline) && typeof baseline.name === 'string' && typeof baseline.value === 'number')
  ) {
    return false;
  }
  return (
    (value.ratio === undefined || typeof value.ratio === 'number') &&
    (value.target === undefined || typeof value.target === 'string') &&
    (value.pass === undefined || typeof value.pass === 'boolean') &&
    (value.notes === undefined || typeof value.notes === 'string')
  );
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

function row(result: BenchResult, module: string): string[] {
  const baseline = result.baseline
    ? `${result.baseline.name}: ${formatNumber(result.baseline.value)} ${result.baseline.unit ?? result.unit}`
    : '';
  return [
    `${module} › ${result.name}`,
    formatNumber(result.value),
    result.unit,
    baseline,
    result.ratio === undefined ? '' : `${formatNumber(result.ratio)}×`,
    result.target ?? '',
    result.pass === undefined ? '' : result.pass ? 'yes' : 'NO',
  ];
}

function printTable(rows: string[][]): void {
  const header = ['benchmark', 'value', 'unit', 'baseline', 'ratio', 'target', 'pass'];
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  const numeric = new Set([1, 4]);
  const line = (r: string[]): string =>
    r
      .map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

async function runModule(file: string): Promise<ModuleReport> {
  const module = path.basename(file, '.bench.ts');
  const started = performance.now();
  try {
    const loaded: unknown = await import(pathToFileURL(file).href);
    if (!isRecord(loaded) || typeof loaded.run !== 'function') throw new Error('exports no run() function');
    const results: unknown = await (loaded.run as () => Promise<unknown>)();
    if (!Array.isArray(results) || !results.every(isBenchResult)) {
      throw new Error('run() must resolve with BenchResult[] (name, value, unit, ...)');
    }
    return { module, durationMs: performance.now() - started, results };
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    return { module, durationMs: performance.now() - started, results: [], error };
  }
}

async function main(): Promise<number> {
  const filter = process.argv[2] ?? '';
  const files = readdirSync(benchDir)
    .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
    .sort()
    .map((f) => path.join(benchDir, f));
  if (files.length === 0) {
    console.error(`no benchmark in ${path.relative(repoRoot, benchDir)} matches "${filter}"`);
    return 1;
  }
  const info = machine();
  console.log(`Benchtop benchmarks — ${info.date}`);
  console.log(
    `${info.cpu}, ${info.cores} cores, ${info.memory_gib} GiB, node ${info.node}, ${info.platform}\n`,
  );

  const reports: ModuleReport[] = [];
  for (const file of files) {
    process.stdout.write(`running ${path.basename(file)} … `);
    const report = await runModule(file);
    reports.push(report);
    console.log(report.error ? 'FAILED' : `${(report.durationMs / 1000).toFixed(1)} s`);
  }

  console.log('');
  printTable(reports.flatMap((r) => r.results.map((result) => row(result, r.module))));
  const notes = reports.flatMap((r) =>
    r.results.filter((x) => x.notes).map((x) => `  ${r.module} › ${x.name}: ${x.notes}`),
  );
  if (notes.length > 0) console.log(`\nNotes:\n${notes.join('\n')}`);
  const failed = reports.filter((r) => r.error);
  for (const r of failed) console.error(`\n${r.module} threw:\n${r.error}`);

  writeFileSync(outputFile, `${JSON.stringify({ machine: info, modules: reports }, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), outputFile) || outputFile}`);
  const missed = reports.flatMap((r) => r.results).filter((r) => r.pass === false).length;
  if (missed > 0) console.log(`${missed} target(s) missed (reported, not failed)`);
  return failed.length > 0 ? 1 : 0;
}

process.exitCode = await main();
