/**
 * The processes of the fleetLoad benchmark, each run as `node --import tsx fleetLoadChild.ts <mode> ...`
 * so that its CPU time is its own (read from /proc by pid); it prints one JSON line when ready and runs
 * until SIGTERM:
 * - `agents <nats-url> <count> <dir>`: `count` benches (simulated supply + scope, each with its agent);
 * - `dashboard <nats-url> <dir> [<static-dir> <report-file>]`: a dashboard backend on the fleet
 *   (FleetWatcher + FleetBridge + WebSocket); with a static dir it also serves the fleetPixel page and
 *   writes what the page POSTs to the bench routes into `<report-file>` (the report) and `.start` beside it;
 * - `direct <count> <dir> [<origin>]`: `count` plain backends with their WebSockets, the baseline's
 *   benches; a page of `origin` (the fleetPixel page) may open their sockets.
 * With BENCH_HOPS_FILE set, the agents and dashboard children note each reading's hops (lib/hopProbe.ts)
 * and write them to that file when ended.
 */
import path from 'node:path';
import { type Backend, startBackend } from '../../../src-main/backend.js';
import { ComputePool } from '../../../src-main/compute/index.js';
import { FleetBridge, FleetWatcher } from '../../../src-main/fleet/index.js';
import { silentLogger } from '../../../src-main/util/index.js';
import {
  connectPlain,
  READINGS_INTERVAL_MS,
  type RunningBench,
  startAgents,
  stopAgents,
  WAVEFORM_INTERVAL_MS,
  writeLoadBench,
} from './fleetRig.js';
import { tapDashboard, tapPublishes } from './hopProbe.js';
import { pageRoutes } from './pageRoutes.js';

export type ChildReady =
  | { mode: 'agents'; benches: string[] }
  | { mode: 'dashboard'; wsUrl: string; token: string }
  | { mode: 'direct'; backends: { wsUrl: string; token: string }[] };

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  const cleanups: (() => Promise<unknown>)[] = [];
  const hopsFile = process.env.BENCH_HOPS_FILE;
  let ready: ChildReady;
  if (mode === 'agents') {
    const [url, count, dir] = args as [string, string, string];
    const nc = await connectPlain(url, 'agents');
    if (hopsFile !== undefined) {
      const write = tapPublishes(nc, hopsFile);
      cleanups.push(async () => write());
    }
    const benches: RunningBench[] = await startAgents({
      nc,
      count: Number(count),
      prefix: 'bench',
      dataDir: dir,
      benchFile: await writeLoadBench(dir),
      readingsIntervalMs: READINGS_INTERVAL_MS,
      waveformIntervalMs: WAVEFORM_INTERVAL_MS,
    });
    cleanups.push(
      () => stopAgents(benches),
      () => nc.close(),
    );
    ready = { mode, benches: benches.map((b) => b.bench) };
  } else if (mode === 'dashboard') {
    const [url, dir, staticDir, reportFile] = args as [string, string, string?, string?];
    const nc = await connectPlain(url, 'dashboard');
    const watcher = new FleetWatcher({ nc, log: silentLogger });
    watcher.start();
    const bridge = new FleetBridge({ watcher, controllerId: 'dashboard-load', log: silentLogger });
    if (hopsFile !== undefined) {
      const write = tapDashboard(bridge, hopsFile);
      cleanups.push(async () => write());
    }
    const backend = await startBackend({
      log: silentLogger,
      dataDir: path.join(dir, 'dashboard'),
      // The dashboard's own bench is empty: everything it shows comes over the fleet.
      drivers: [],
      fleet: bridge,
      seed: 99,
      ...(staticDir !== undefined && reportFile !== undefined
        ? { staticDir, httpRoutes: pageRoutes(reportFile) }
        : {}),
    });
    cleanups.push(
      () => backend.close(),
      async () => bridge.close(),
      async () => watcher.close(),
      () => nc.close(),
    );
    ready = { mode, wsUrl: backend.wsUrl, token: backend.token };
  } else if (mode === 'direct') {
    const [count, dir, origin] = args as [string, string, string?];
    const benchFile = await writeLoadBench(dir);
    const backends: Backend[] = [];
    // One compute pool for the process, as for the agents (fleetRig): twenty pools of two threads each on
    // a 2-core machine would measure the pool's oversubscription, not the path.
    const compute = new ComputePool();
    for (let i = 0; i < Number(count); i++) {
      backends.push(
        await startBackend({
          compute,
          log: silentLogger,
          dataDir: path.join(dir, `direct-${i}`),
          benchFile,
          seed: i + 1,
          ...(origin !== undefined ? { extraOrigins: [origin] } : {}),
        }),
      );
    }
    cleanups.push(async () => {
      for (const b of backends) await b.close();
      await compute.close();
    });
    ready = { mode, backends: backends.map((b) => ({ wsUrl: b.wsUrl, token: b.token })) };
  } else {
    throw new Error(`unknown mode ${mode}; expected agents, dashboard or direct`);
  }
  process.once('SIGTERM', () => {
    void (async () => {
      for (const cleanup of cleanups) await cleanup().catch(() => undefined);
      process.exit(0);
    })();
  });
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
