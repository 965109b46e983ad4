/**
 * Bench-to-pixel for the fleet (issue 19): the fleetLoad load — 20 benches, each a supply's 3 channels
 * read at 100 Hz and a scope's 4 traces at 10 Hz (1,200 points) — watched by one dashboard PAGE in a
 * Chromium launched directly (see lib/chromiumProbe.ts), in two scenarios of the same run:
 * - NATS: nats-server, the benches as agents (one child), the dashboard backend with the fleet (another
 *   child, which also serves the page); the page follows the fleet through FleetFollower and the
 *   overview's fleet cards, and asks each bench's waveforms (binary frames of kind 5);
 * - direct (baseline): the same benches as 20 backends (one child); the page holds 20 BenchClients
 *   (BenchRegistry) and shows them in the overview's bench cards.
 * Per supply reading: bench timestamp to the end of the animation frame (its callbacks run, laid out,
 * before paint) whose DOM shows its values on the card (read at the frame's start, as before 2026-12-07,
 * in the notes); per trace: bench timestamp to the draw of the card's trace thumbnail that includes it
 * (over NATS each card asks its bench's waveforms while on screen; directly the page starts each bench's
 * waveform stream, which its card then draws). Also seq gaps, dropped animation frames, long tasks, and CPU by process over the page's window,
 * and over NATS where each reading's arrival went, hop by hop (lib/hopProbe.ts).
 * BENCH_SHORT=1: 3 benches for 4 s; BENCH_FLEET_BENCHES and BENCH_FLEET_S set count and window (20, 20 s).
 * BENCH_TRACE_S=5: also records a Chromium trace of the first 5 s of each page's window (Tracing domain
 * only, every process) and prints where each thread's time went per frame (lib/frameCost.ts) and what
 * the main thread's heavy and long tasks were (lib/heavyTasks.ts), then a CPU
 * profile of the page's next 5 s (Profiler domain only; set BENCH_FLEET_S to at least twice it, and
 * BENCH_MINIFY=0 for readable names); the tracing itself costs CPU, so that run's CPU figures are not
 * comparable with untraced ones. BENCH_TRACE_DIR=/some/dir also writes each trace there as JSON, and
 * each profile as a .cpuprofile. BENCH_FLEET_NATS_ONLY=1 skips the direct baseline (for before/after
 * pairs of the page's own cost, where the baseline is the other build, not the other transport).
 * BENCH_FLEET_NICE=<n> runs the benches' processes
 * (the agents or the direct backends, and nats-server) at niceness n, standing for lab PCs of their own.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startBackend } from '../../src-main/backend.js';
import { silentLogger } from '../../src-main/util/index.js';
import type { FleetPixelConfig, FleetPixelReport } from '../../src-renderer/bench/fleetPixel.js';
import { profilePage, traceChromium } from './lib/cdpTrace.js';
import { buildBenchPage, launchChromium, ROOT } from './lib/chromiumProbe.js';
import { niceness, reniceProcess, spawnChild, stopChild } from './lib/fleetLoadClient.js';
import {
  cpuPercent,
  NatsServer,
  natsServerMissing,
  percentile,
  processCpuMs,
  READINGS_INTERVAL_MS,
  SHORT,
  sleep,
  WAVEFORM_INTERVAL_MS,
} from './lib/fleetRig.js';
import { describeFrameCost, frameCost } from './lib/frameCost.js';
import { describeHeavyTasks, heavyTasks } from './lib/heavyTasks.js';
import { type AgentHops, type DashboardHops, describeHops } from './lib/hopProbe.js';
import { PAGE_REPORT_PATH, PAGE_START_PATH, pageRoutes } from './lib/pageRoutes.js';
import { processTree } from './lib/processTree.js';
import type { BenchResult } from './types.js';

const BENCHES = SHORT ? 3 : Number(process.env.BENCH_FLEET_BENCHES ?? 20);
const WINDOW_S = SHORT ? 4 : Number(process.env.BENCH_FLEET_S ?? 20);
const WARMUP_MS = SHORT ? 2_000 : 5_000;
const BENCH_DIR = path.join(ROOT, 'dist', 'bench');
/** Wide and tall enough that every card and its trace thumbnail is on screen (the report counts them). */
const WINDOW = { width: 1920, height: 1500 };
const TRACE_S = Number(process.env.BENCH_TRACE_S ?? 0);
const NATS_ONLY = process.env.BENCH_FLEET_NATS_ONLY === '1';
/** Joining, following and the warm-up must be through by then (a loaded machine takes its time). */
const START_TIMEOUT_MS = 300_000;

interface Phase {
  report: FleetPixelReport;
  /** CPU over the page's measuring window, % of one core, by process name. */
  cpu: Record<string, number>;
  /** NATS: where the readings' time went, per hop (lib/hopProbe.ts). */
  hops?: string;
}

async function waitForFile(file: string, timeoutMs: number, browserExited: Promise<unknown>): Promise<void> {
  let exited = false;
  void browserExited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (exited) throw new Error('chromium exited before the page reported');
    if (Date.now() > deadline) throw new Error(`no ${path.basename(file)} from the page in ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Opens the page, waits for its window, reads every process's CPU over it, returns its report. */
async function runPage(url: string, reportFile: string, pids: Record<string, number>): Promise<Phase> {
  const browser = launchChromium(url, WINDOW, TRACE_S > 0 ? ['--remote-debugging-port=0'] : []);
  try {
    await waitForFile(`${reportFile}.start`, START_TIMEOUT_MS, browser.exited);
    const tree = processTree(browser.pid);
    const renderers = tree.filter((p) => p.role === 'renderer').map((p) => p.pid);
    const others = tree.filter((p) => p.role !== 'renderer').map((p) => p.pid);
    // chromiumOther by role (browser, gpu-process, utility, zygote), to say what it is.
    const otherRoles = Object.fromEntries(
      [...new Set(tree.map((p) => p.role))]
        .filter((role) => role !== 'renderer')
        .map((role) => [`chromium:${role}`, tree.filter((p) => p.role === role).map((p) => p.pid)]),
    );
    const cpuOf = (list: number[]): number =>
      list.reduce((sum, pid) => {
        try {
          return sum + processCpuMs(pid);
        } catch {
          return sum; // ended meanwhile (a spare renderer)
        }
      }, 0);
    const named: Record<string, number[]> = {
      ...Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, [pid]])),
      renderer: renderers,
      chromiumOther: others,
      ...otherRoles,
    };
    const before = Object.fromEntries(Object.entries(named).map(([k, list]) => [k, cpuOf(list)]));
    const startMs = performance.now();
    if (TRACE_S > 0) {
      const events = await traceChromium(browser.profileDir, TRACE_S * 1000);
      console.log(`${path.basename(reportFile)} trace:\n${describeFrameCost(frameCost(events))}`);
      console.log(`${path.basename(reportFile)} heavy tasks:\n${describeHeavyTasks(heavyTasks(events))}`);
      // BENCH_TRACE_DIR keeps the trace (opens in Perfetto or DevTools' Performance panel).
      const keep = process.env.BENCH_TRACE_DIR;
      if (keep) {
        const file = path.join(keep, `${path.basename(reportFile, '-report.json')}-trace.json`);
        await writeFile(file, JSON.stringify({ traceEvents: events }));
        console.log(`trace written to ${file}`);
      }
      const profileFile = keep && path.join(keep, `${path.basename(reportFile, '-report.json')}.cpuprofile`);
      const profile = await profilePage(browser.profileDir, TRACE_S * 1000, 20, profileFile);
      console.log(`${path.basename(reportFile)} main-thread profile, self time:\n${profile}`);
    }
    await waitForFile(reportFile, WINDOW_S * 1000 + 60_000, browser.exited);
    const windowMs = performance.now() - startMs;
    const cpu = Object.fromEntries(
      Object.entries(named).map(([k, list]) => [k, cpuPercent(before[k] ?? 0, cpuOf(list), windowMs)]),
    );
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as FleetPixelReport;
    if (report.error) throw new Error(`${report.mode}: the page reported ${report.error}`);
    return { report, cpu };
  } finally {
    await browser.close();
  }
}

function pageUrl(httpOrigin: string, token: string, config: FleetPixelConfig): string {
  const encoded = Buffer.from(JSON.stringify(config)).toString('base64');
  return `${httpOrigin}/bench.html#token=${token}&fleetPixel=${encodeURIComponent(encoded)}`;
}

function pageConfig(mode: FleetPixelConfig['mode']): FleetPixelConfig {
  return {
    mode,
    benches: BENCHES,
    supplyId: 'psu',
    scopeId: 'scope',
    readingsIntervalMs: READINGS_INTERVAL_MS,
    waveformIntervalMs: WAVEFORM_INTERVAL_MS,
    warmupMs: WARMUP_MS,
    durationMs: WINDOW_S * 1000,
    reportPath: PAGE_REPORT_PATH,
    startPath: PAGE_START_PATH,
  };
}

async function natsPhase(dir: string): Promise<Phase> {
  const server = await NatsServer.start();
  const nice = niceness();
  if (nice !== undefined && server.pid !== undefined) reniceProcess(server.pid, nice);
  const children: ChildProcess[] = [];
  const hopsFile = { agents: path.join(dir, 'agents-hops.json'), dash: path.join(dir, 'dash-hops.json') };
  let phase: Phase;
  try {
    const agents = await spawnChild(ROOT, ['agents', server.url, String(BENCHES), path.join(dir, 'agents')], {
      BENCH_HOPS_FILE: hopsFile.agents,
    });
    children.push(agents.child);
    const reportFile = path.join(dir, 'nats-report.json');
    const dashboard = await spawnChild(
      ROOT,
      ['dashboard', server.url, path.join(dir, 'dash'), BENCH_DIR, reportFile],
      { BENCH_HOPS_FILE: hopsFile.dash },
    );
    children.push(dashboard.child);
    if (dashboard.ready.mode !== 'dashboard') throw new Error('dashboard child answered as another mode');
    const origin = dashboard.ready.wsUrl.replace(/^ws:/, 'http:').replace(/\/ws$/, '');
    phase = await runPage(pageUrl(origin, dashboard.ready.token, pageConfig('nats')), reportFile, {
      broker: server.pid ?? 0,
      dashboard: dashboard.child.pid ?? 0,
      benches: agents.child.pid ?? 0,
    });
  } finally {
    // Each child writes its hops file as it ends.
    for (const child of children.reverse()) await stopChild(child);
    await server.dispose();
  }
  const readJson = async <T>(file: string): Promise<T> => JSON.parse(await readFile(file, 'utf8')) as T;
  phase.hops = describeHops(
    phase.report.flows ?? [],
    await readJson<AgentHops>(hopsFile.agents),
    await readJson<DashboardHops>(hopsFile.dash),
  );
  return phase;
}

async function directPhase(dir: string): Promise<Phase> {
  const reportFile = path.join(dir, 'direct-report.json');
  // The page's own backend: no instruments (every bench is a further one), the page and its report routes.
  const host = await startBackend({
    log: silentLogger,
    dataDir: path.join(dir, 'page-host'),
    drivers: [],
    staticDir: BENCH_DIR,
    httpRoutes: pageRoutes(reportFile),
  });
  const origin = `http://127.0.0.1:${host.port}`;
  let direct: ChildProcess | undefined;
  try {
    const spawned = await spawnChild(ROOT, ['direct', String(BENCHES), path.join(dir, 'direct'), origin]);
    direct = spawned.child;
    if (spawned.ready.mode !== 'direct') throw new Error('direct child answered as another mode');
    const config = { ...pageConfig('direct'), backends: spawned.ready.backends };
    return await runPage(pageUrl(origin, host.token, config), reportFile, { benches: direct.pid ?? 0 });
  } finally {
    if (direct) await stopChild(direct);
    await host.close();
  }
}

function latencyRows(label: string, ours: number[], base: number[] | undefined): BenchResult[] {
  return ([50, 95, 99] as const).map((p) => ({
    name: `${label} bench-to-pixel p${p}`,
    value: percentile(ours, p),
    unit: 'ms',
    ...(base ? { baseline: { name: `direct WebSocket p${p}`, value: percentile(base, p), unit: 'ms' } } : {}),
    ...(p === 95 ? { target: '<= 50', pass: percentile(ours, p) <= 50 } : {}),
  }));
}

function describe(phase: Phase): string {
  const r = phase.report;
  const arrival = (values: number[]): string =>
    values.length === 0
      ? 'none timed'
      : `${percentile(values, 50).toFixed(1)} / ${percentile(values, 95).toFixed(1)}`;
  return (
    `${r.readingsMs.length} readings and ${r.tracesMs.length} traces timed in ${r.durationS.toFixed(1)} s ` +
    `(${r.readingsNeverShown} never shown); readings read at the start of the frame's callbacks instead (the ` +
    `probe before 2026-12-07) p50/p95 ${arrival(r.readingsAtFrameStartMs ?? [])} ms; ${(r.messages / r.durationS).toFixed(0)} WebSocket messages/s into the page; arrival in the page p50/p95: readings ${arrival(r.readingsArrivalMs)} ms, ` +
    `traces ${arrival(r.tracesArrivalMs)} ms; ${r.rafFps.toFixed(1)} fps, ${r.droppedFrames} frames dropped ` +
    `(median interval ${r.framePeriodMs.toFixed(1)} ms); long tasks ${r.longTasks.count} (${r.longTasks.totalMs.toFixed(0)} ms, ` +
    `longest ${r.longTasks.maxMs.toFixed(0)} ms); on screen ${r.visible.cards} supply cards, ${r.visible.charts} ` +
    `trace thumbnails; clock offset drift ${r.clock.driftMs.toFixed(2)} ms` +
    (r.fleetAck === undefined
      ? ''
      : `; acks: ${r.fleetAck.acksSent} sent, lead ${r.fleetAck.leadMs.toFixed(1)} ms, frame period ` +
        `${r.fleetAck.framePeriodMs.toFixed(2)} ms; flushes ` +
        `taken before / after their frame ${r.fleetAck.flushesBeforeFrame} / ${r.fleetAck.flushesAfterFrame}`)
  );
}

export async function run(): Promise<BenchResult[]> {
  const missing = natsServerMissing();
  if (missing !== undefined) throw new Error(missing);
  buildBenchPage();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-fleetpixel-'));
  try {
    const nats = await natsPhase(dir);
    const direct = NATS_ONLY ? undefined : await directPhase(dir);
    const label = `${BENCHES} benches over NATS, page:`;
    const cpu = (phase: Phase | undefined, key: string): number => phase?.cpu[key] ?? Number.NaN;
    const byRole = (phase: Phase | undefined): string =>
      Object.entries(phase?.cpu ?? {})
        .filter(([k]) => k.startsWith('chromium:'))
        .map(([k, v]) => `${k.slice('chromium:'.length)} ${v.toFixed(1)} %`)
        .join(', ');
    return [
      ...latencyRows(`${label} readings`, nats.report.readingsMs, direct?.report.readingsMs),
      ...latencyRows(`${label} traces`, nats.report.tracesMs, direct?.report.tracesMs),
      {
        name: `${label} seq gaps`,
        value: nats.report.gaps,
        unit: 'gaps',
        ...(direct && {
          baseline: { name: 'direct WebSocket seq gaps', value: direct.report.gaps, unit: 'gaps' },
        }),
        target: '0',
        pass: nats.report.gaps === 0,
        notes: `NATS: ${describe(nats)}. ${nats.hops ?? ''}.${direct ? ` Direct: ${describe(direct)}` : ''}`,
      },
      {
        name: `${label} dropped animation frames`,
        value: nats.report.droppedFrames,
        unit: 'frames',
        ...(direct && { baseline: { name: 'direct', value: direct.report.droppedFrames, unit: 'frames' } }),
      },
      { name: `${label} broker (nats-server) CPU`, value: cpu(nats, 'broker'), unit: '% of a core' },
      {
        name: `${label} dashboard backend CPU`,
        value: cpu(nats, 'dashboard'),
        unit: '% of a core',
        baseline: {
          name: `direct: the ${BENCHES} backends`,
          value: cpu(direct, 'benches'),
          unit: '% of a core',
        },
        notes: `the ${BENCHES} benches with their agents: ${cpu(nats, 'benches').toFixed(0)} % of a core`,
      },
      {
        name: `${label} Chromium renderer CPU`,
        value: cpu(nats, 'renderer'),
        unit: '% of a core',
        baseline: { name: 'direct', value: cpu(direct, 'renderer'), unit: '% of a core' },
        notes: `Chromium's other processes: ${cpu(nats, 'chromiumOther').toFixed(0)} % over NATS (${byRole(nats)}), ${cpu(direct, 'chromiumOther').toFixed(0)} % direct (${byRole(direct)})`,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
