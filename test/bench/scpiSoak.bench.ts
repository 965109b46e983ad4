/**
 * `npm run bench -- scpiSoak [--minutes N]` (default 10): the fault soak of lib/scpiSoak.ts against every
 * emulator at once (each on its own port, with its own client) for N minutes, at the models' own timeouts, one fault every 2 s (stall past the
 * timeout, lost reply, garbage, disconnect in turn). Targets: zero framing desyncs; recovery from each
 * disconnect and garbage reply within 1 s.
 */
import { maxOf, soak, soakTargets } from './lib/scpiSoak.js';
import type { BenchResult } from './types.js';

function minutesArg(): number {
  const at = process.argv.indexOf('--minutes');
  if (at < 0) return 10;
  const minutes = Number(process.argv[at + 1]);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60)
    throw new Error(
      `--minutes: expected a number of minutes from 0 to 1440, got "${process.argv[at + 1] ?? ''}"`,
    );
  return minutes;
}

export async function run(): Promise<BenchResult[]> {
  const minutes = minutesArg();
  const results: BenchResult[] = [];
  const rows: string[] = [];
  const targets = await soakTargets();
  const all = await Promise.all(
    targets.map((target) =>
      soak(target, { durationMs: minutes * 60_000, faultEveryMs: 2_000, stallMs: 4_000 }),
    ),
  );
  for (const r of all) {
    const recovered = [...r.recoveryMs.disconnect, ...r.recoveryMs.garbage];
    const worstMs = maxOf(recovered);
    const faults = Object.values(r.injected).reduce((a, b) => a + b, 0);
    rows.push(
      `${r.name.padEnd(10)} ${String(r.queries).padStart(8)} ${String(faults).padStart(6)} ` +
        `${String(r.injected.stall).padStart(5)} ${String(r.injected.lost_reply).padStart(5)} ` +
        `${String(r.injected.garbage).padStart(7)} ${String(r.injected.disconnect).padStart(10)} ` +
        `${String(r.desyncs).padStart(7)} ${maxOf(r.recoveryMs.garbage).toFixed(0).padStart(12)} ` +
        `${maxOf(r.recoveryMs.disconnect).toFixed(0).padStart(15)} ${maxOf(r.recoveryMs.other).toFixed(0).padStart(14)}`,
    );
    results.push({
      name: `${r.name}: ${minutes} min, ${faults} faults injected`,
      value: r.desyncs,
      unit: 'desyncs',
      target: '0 desyncs; each disconnect and garbage reply recovered within 1 s',
      pass:
        r.desyncs === 0 &&
        worstMs <= 1_000 &&
        recovered.length === r.injected.disconnect + r.injected.garbage,
      notes:
        `${r.queries} queries (${r.good} answered); injected ${JSON.stringify(r.injected)}; ` +
        `recovery after garbage max ${maxOf(r.recoveryMs.garbage).toFixed(0)} ms, after a disconnect max ` +
        `${maxOf(r.recoveryMs.disconnect).toFixed(0)} ms, after a stall or lost reply max ${maxOf(r.recoveryMs.other).toFixed(0)} ms` +
        (r.examples.length > 0 ? `; desyncs: ${r.examples.join('; ')}` : ''),
    });
  }
  process.stdout.write(
    `\nemulator    queries faults stall  lost garbage disconnect desyncs garbage rec. disconnect rec.  other rec.\n` +
      `${rows.join('\n')}\n(recovery: worst case, ms)\n`,
  );
  return results;
}
