/**
 * The DS1054Z over its emulated link (test/bench is not part of `vitest run`): the emulator on a loopback
 * port at its real timings (1.7 MB/s, 2 ms before each reply starts, no settle times modelled), the
 * registered driver's transport.
 *
 * - Screen updates: 4 channels × 1,200 points read as one acquisition (stop, read each channel's
 *   preamble and block, run). The bound is what the link allows for the traffic the driver actually
 *   sent (lib/scpiBound.ts); the same updates over an instant link, in the same run, show the process's
 *   own cost on this machine at this moment. The target row runs the emulator in the driver's process,
 *   where each reply's latency starts when the driver sends the query, as the link model says; beside it
 *   the emulator in a process of its own (as `npm run emulate` runs it), which also pays this machine's
 *   cross-process wake-ups — measured with bare sockets (lib/wakeFloor.ts) and shown — and each with the
 *   writes sent one by one (`batchWrites: false`, the port before it batched them), all interleaved in
 *   one run (lib/scopeEmulatorRig.ts).
 * - Deep memory: one 24 M-point single capture downloaded in 250k windows, against the link rate.
 *
 * The timed updates follow a warm-up long enough for the JIT (the driver runs for hours; its first dozens of
 * reads, before V8 has optimised the hot paths, are not its rate). The emulator's own lateness (its replies
 * woken after their due time on a loaded machine) is measured beside the figure, so the gap to the bound
 * is split into the emulator's share and the driver's.
 *
 * `BENCH_SCOPE_SHORT=1`: a quick check (fewer updates, a 1.2 M-point deep record); its figures are not
 * the benchmark's.
 */
import { EmulatorServer } from '../../src-main/emulators/core/EmulatorServer.js';
import { ds1054zEmulator } from '../../src-main/emulators/ds1054z/index.js';
import { RigolDs1000z } from '../../src-main/instruments/rigol-ds1000z/RigolDs1000z.js';
import { DS1000Z_PACING } from '../../src-main/instruments/rigol-ds1000z/registration.js';
import type { ScpiPort } from '../../src-main/instruments/scpi/ScpiPort.js';
import { openScpiPort, resolvePacing } from '../../src-main/instruments/scpi/transport/index.js';
import {
  cpuMs,
  INSTANT_LINK,
  type LinkModel,
  linkBoundMs,
  type TrafficPerOp,
  trafficPerOp,
} from './lib/scpiBound.js';
import { type EmulatorRig, inChild, inProcess } from './lib/scopeEmulatorRig.js';
import { crossProcessWakeMs } from './lib/wakeFloor.js';
import type { BenchResult } from './types.js';

const SHORT = process.env.BENCH_SCOPE_SHORT === '1';
/** Updates read before timing: the JIT's warm-up. */
const WARMUP_UPDATES = SHORT ? 10 : 30;
const UPDATES = SHORT ? 20 : 100;
/** Runs of the two default-port variants, of which the median is the figure (odd). */
const ROUNDS = SHORT ? 1 : 5;
const DEEP_POINTS = SHORT ? 1_200_000 : 24_000_000;

async function connected(
  port: number,
  batchWrites = true,
): Promise<{ driver: RigolDs1000z; link: () => ScpiPort }> {
  let opened: ScpiPort | undefined;
  const driver = new RigolDs1000z({
    id: 'bench_ds1054z',
    openPort: async (signal) => {
      opened = await openScpiPort(
        { host: '127.0.0.1', port },
        resolvePacing(DS1000Z_PACING, { timeoutMs: 30_000, batchWrites }),
        signal,
      );
      return opened;
    },
  });
  await driver.connect();
  await driver.identify();
  return { driver, link: () => opened! };
}

/** The run whose time per update is the median of `runs` (an odd count: the middle one). */
function medianRun(runs: ScreenRun[]): ScreenRun {
  const sorted = [...runs].sort((a, b) => a.msPerUpdate - b.msPerUpdate);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Where the emulator runs and how the driver's writes leave: one run of the screen updates. */
interface ScreenRig {
  link: LinkModel;
  emulator: (link: LinkModel) => Promise<EmulatorRig>;
  /** Writes held and sent with the next query (the port's default for the DS1000Z), or each on its own. */
  batchWrites: boolean;
}

interface ScreenRun {
  msPerUpdate: number;
  /** CPU time of the driver's process per update (with the emulator's when it runs in that process). */
  cpuMsPerUpdate: number;
  /** The emulator's own CPU time per update, when it runs in a process of its own. */
  emulatorCpuMsPerUpdate: number | undefined;
  traffic: TrafficPerOp;
  /** How late the emulator's replies were, in all, per update (its waits past their due times). */
  emulatorLateMsPerUpdate: number;
}

async function screenRun({ link, emulator, batchWrites }: ScreenRig): Promise<ScreenRun> {
  const rig = await emulator(link);
  try {
    const { driver, link: port } = await connected(rig.port, batchWrites);
    for (const channel of [2, 3, 4]) await driver.setParameter('enabled', true, channel);
    for (let i = 0; i < WARMUP_UPDATES; i++) await driver.read('waveform');
    await rig.mark();
    const before = port().stats();
    const cpuStart = cpuMs();
    const startMs = performance.now();
    for (let i = 0; i < UPDATES; i++) {
      const sample = await driver.read('waveform');
      if (sample.kind !== 'record' || sample.record.channels.length !== 4)
        throw new Error('expected 4 channels');
    }
    const msPerUpdate = (performance.now() - startMs) / UPDATES;
    const cpuMsPerUpdate = (cpuMs() - cpuStart) / UPDATES;
    const traffic = trafficPerOp(before, port().stats(), UPDATES);
    const emulatorSide = await rig.report();
    await driver.close();
    return {
      msPerUpdate,
      cpuMsPerUpdate,
      emulatorCpuMsPerUpdate: emulatorSide.cpuMs === undefined ? undefined : emulatorSide.cpuMs / UPDATES,
      traffic,
      emulatorLateMsPerUpdate: emulatorSide.lateMs / UPDATES,
    };
  } finally {
    await rig.close();
  }
}

const REAL_LINK: LinkModel = {
  replyLatencyMs: ds1054zEmulator.replyLatencyMs,
  rateBytesPerS: ds1054zEmulator.rateBytesPerS,
};

/** "12.3 ms (CPU 4.5 ms[, emulator 1.2 ms])". */
function timing(run: ScreenRun): string {
  const emulatorCpu =
    run.emulatorCpuMsPerUpdate === undefined ? '' : `, emulator ${run.emulatorCpuMsPerUpdate.toFixed(2)} ms`;
  return `${run.msPerUpdate.toFixed(2)} ms (CPU ${run.cpuMsPerUpdate.toFixed(2)} ms${emulatorCpu})`;
}

function screenResult(where: string, run: ScreenRun, boundMs: number, headline: boolean): BenchResult {
  const rate = 1000 / run.msPerUpdate;
  const bound = 1000 / boundMs;
  return {
    name: `DS1054Z 4 ch × 1,200-point screen updates over the emulated link, emulator ${where}`,
    value: Math.round(rate * 10) / 10,
    unit: 'updates/s',
    baseline: { name: 'link + reply-latency bound', value: Math.round(bound * 10) / 10, unit: 'updates/s' },
    ratio: Math.round((rate / bound) * 1000) / 1000,
    ...(headline
      ? { target: '≥ 4 updates/s and ≥ 90 % of the bound', pass: rate >= 4 && rate >= 0.9 * bound }
      : {}),
    notes:
      `measured ${timing(run)} over ${UPDATES} updates after ${WARMUP_UPDATES} of warm-up; ` +
      `of the ${(run.msPerUpdate - boundMs).toFixed(2)} ms above the bound, the emulator's replies came ${run.emulatorLateMsPerUpdate.toFixed(2)} ms late (its timers on this machine), ` +
      `the driver and loopback took ${(run.msPerUpdate - boundMs - run.emulatorLateMsPerUpdate).toFixed(2)} ms`,
  };
}

async function screenUpdates(): Promise<BenchResult[]> {
  // Interleaved so that a change in the machine's load touches every variant alike. The two figures with
  // the port's default (writes batched) are each the median of ROUNDS runs: one 100-update run swings by
  // ±2 % of the bound on this VM with the load unchanged (a GC or a descheduled moment is 2 % of 2.3 s),
  // more than what the target tells apart; the notes give every round's figure.
  const childRounds: ScreenRun[] = [];
  const inProcessRounds: ScreenRun[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    childRounds.push(await screenRun({ link: REAL_LINK, emulator: inChild, batchWrites: true }));
    inProcessRounds.push(await screenRun({ link: REAL_LINK, emulator: inProcess, batchWrites: true }));
  }
  const childBatched = medianRun(childRounds);
  const inProcessBatched = medianRun(inProcessRounds);
  const childEach = await screenRun({ link: REAL_LINK, emulator: inChild, batchWrites: false });
  const inProcessEach = await screenRun({ link: REAL_LINK, emulator: inProcess, batchWrites: false });
  const instantBatched = await screenRun({ link: INSTANT_LINK, emulator: inProcess, batchWrites: true });
  const instantEach = await screenRun({ link: INSTANT_LINK, emulator: inProcess, batchWrites: false });
  const instantChild = await screenRun({ link: INSTANT_LINK, emulator: inChild, batchWrites: true });
  const boundMs = linkBoundMs(childBatched.traffic, REAL_LINK);
  const { queries, writes, bytesReceived } = childBatched.traffic;
  const ratioOf = (run: ScreenRun): string => `${((boundMs / run.msPerUpdate) * 100).toFixed(1)} %`;
  const wakeMs = await crossProcessWakeMs(REAL_LINK.replyLatencyMs, 900);
  // The target row: the emulator in the driver's process, where a query's reply latency starts when the
  // driver sends it, as the link model says. In a process of its own the emulator starts its 2 ms only
  // once it has been woken by the query, and the driver is woken again by the reply: a cost of the machine
  // (measured below with bare sockets) that the model's bound does not count, so that row is shown against
  // the bound and against the bound plus that floor.
  const target = screenResult("in the driver's process", inProcessBatched, boundMs, true);
  const rounds = (runs: ScreenRun[]): string =>
    `median of ${runs.length} rounds; every round: ${runs.map((r) => ratioOf(r)).join(', ')}`;
  target.notes = `${rounds(inProcessRounds)}; ${target.notes}`;
  target.notes =
    `${queries} queries, ${writes} writes and ${Math.round(bytesReceived)} bytes received per update; ` +
    `bound = queries × ${REAL_LINK.replyLatencyMs} ms + bytes / ${REAL_LINK.rateBytesPerS / 1e6} MB/s (no settle times: the emulator models none) = ${boundMs.toFixed(2)} ms; ` +
    `${target.notes}; ` +
    `each write sent on its own (as before write batching), same run: emulator in its own process ${timing(childEach)} = ${ratioOf(childEach)}, in the driver's process ${timing(inProcessEach)} = ${ratioOf(inProcessEach)}; ` +
    `the same updates over an instant link: emulator in the driver's process ${timing(instantBatched)}, each write on its own ${timing(instantEach)}; emulator in its own process ${timing(instantChild)}`;
  const apart = screenResult('in its own process', childBatched, boundMs, false);
  const flooredMs = boundMs + queries * wakeMs;
  apart.notes =
    `${rounds(childRounds)}; ${apart.notes}; this machine's cross-process round trip with no Benchtop code (bare sockets, lib/wakeFloor.ts) costs ${wakeMs.toFixed(3)} ms beyond the reply latency, ` +
    `${(queries * wakeMs).toFixed(2)} ms over ${queries} queries: against the bound plus that floor (${flooredMs.toFixed(2)} ms) this rig reaches ${((flooredMs / childBatched.msPerUpdate) * 100).toFixed(1)} %`;
  return [target, apart];
}

async function deepMemory(): Promise<BenchResult[]> {
  const server = await EmulatorServer.start(ds1054zEmulator, { port: 0 });
  try {
    const { driver, link } = await connected(server.address.port);
    await driver.setParameter('record_length', DEEP_POINTS);
    await driver.setParameter('trigger_mode', 'single');
    // The single capture is taken (the emulator synthesizes the 24 M-point record) when the scope is next
    // polled: poll once before timing, so the figure is the download, not the acquisition.
    const acquireStartMs = performance.now();
    if ((await driver.getParameters()).global.run_state !== 'stop')
      throw new Error('single capture did not stop');
    const acquireS = (performance.now() - acquireStartMs) / 1000;
    let lastProgress = 0;
    // When the first window was complete: the rest of the download is the steady state.
    let firstWindowMs = 0;
    const before = link().stats();
    const startMs = performance.now();
    const record = await driver.readMemory({
      onProgress: (p) => {
        lastProgress = p.receivedPoints;
        if (firstWindowMs === 0 && p.receivedPoints >= 250_000) firstWindowMs = performance.now();
      },
    });
    const elapsedS = (performance.now() - startMs) / 1000;
    const after = link().stats();
    await driver.close();
    const points = record.channels[0]!.samples.length;
    if (points !== DEEP_POINTS || lastProgress !== points) throw new Error(`downloaded ${points} points`);
    const bytesPerS = (after.bytesReceived - before.bytesReceived) / elapsedS;
    const linkRate = ds1054zEmulator.rateBytesPerS;
    const steadyBytesPerS = (points - 250_000) / ((startMs + elapsedS * 1000 - firstWindowMs) / 1000);
    // What the emulated link allows for this download's traffic: the windows' bytes at the link rate plus
    // each query's reply latency (the target is against the raw rate; this shows how much of the gap is
    // the model's own per-window latency).
    const traffic = trafficPerOp(before, after, 1);
    const boundS =
      linkBoundMs(traffic, {
        replyLatencyMs: ds1054zEmulator.replyLatencyMs,
        rateBytesPerS: ds1054zEmulator.rateBytesPerS,
      }) / 1000;
    return [
      {
        name: `DS1054Z deep memory ${DEEP_POINTS / 1e6} M points (${Math.ceil(DEEP_POINTS / 250_000)} windows of 250k)`,
        value: Math.round(bytesPerS / 1e3) / 1e3,
        unit: 'MB/s',
        baseline: { name: 'emulated link rate', value: linkRate / 1e6, unit: 'MB/s' },
        ratio: Math.round((bytesPerS / linkRate) * 1000) / 1000,
        target: '≥ 90 % of the link rate',
        pass: bytesPerS >= 0.9 * linkRate,
        notes: `${elapsedS.toFixed(1)} s for ${DEEP_POINTS.toLocaleString('en-US')} points after the capture (the emulator took ${acquireS.toFixed(1)} s to synthesize it); first window ${((firstWindowMs - startMs) / 1000).toFixed(2)} s; windows after the first: ${(steadyBytesPerS / 1e6).toFixed(2)} MB/s; ${traffic.queries} queries and ${traffic.writes} writes in all, link + reply-latency bound ${boundS.toFixed(2)} s (${((boundS / elapsedS) * 100).toFixed(1)} % of it reached)`,
      },
    ];
  } finally {
    await server.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  return [...(await screenUpdates()), ...(await deepMemory())];
}
