/**
 * The DP832 over its emulated link (test/bench is not part of `vitest run`): the `dp832` emulator on a
 * loopback port at its real timings (1.7 MB/s, 2 ms before each reply), the registered DP800 driver and its
 * transport, one process. One read is all three channels' measured voltage and current (with their
 * setpoints, output state and CV/CC mode: what the readings stream sends). Outputs stay off: a benchmark
 * never switches a supply's output on.
 *
 * The bound is what the emulated link allows for the traffic the driver actually sent (lib/scpiBound.ts);
 * the same reads over an instant link, in the same run, show the process's own cost on this machine now.
 */
import { EmulatorServer } from '../../src-main/emulators/core/EmulatorServer.js';
import { dp832Emulator } from '../../src-main/emulators/dp832/index.js';
import { Dp800Driver } from '../../src-main/instruments/rigol-dp800/Dp800Driver.js';
import type { ScpiPort } from '../../src-main/instruments/scpi/ScpiPort.js';
import { openScpiPort } from '../../src-main/instruments/scpi/transport/index.js';
import { cpuMs, INSTANT_LINK, type LinkModel, linkBoundMs, trafficPerOp } from './lib/scpiBound.js';
import type { BenchResult } from './types.js';

const READS = 100;

interface Measured {
  msPerRead: number;
  cpuMsPerRead: number;
  boundMs: number;
  queriesPerRead: number;
  bytesPerRead: number;
}

async function measure(link: LinkModel): Promise<Measured> {
  const server = await EmulatorServer.start(dp832Emulator, { port: 0, ...link });
  let port: ScpiPort | undefined;
  const driver = new Dp800Driver({
    id: 'bench_dp832',
    endpoint: { host: '127.0.0.1', port: server.address.port },
    open: async (endpoint, pacing, signal) => (port = await openScpiPort(endpoint, pacing, signal)),
  });
  try {
    await driver.connect();
    await driver.identify();
    await driver.read('readings'); // warm-up
    const before = port!.stats();
    const cpuStart = cpuMs();
    const startMs = performance.now();
    for (let i = 0; i < READS; i++) {
      const sample = await driver.read('readings');
      if (sample.kind !== 'readings' || sample.readings.length !== 3) throw new Error('expected 3 channels');
    }
    const msPerRead = (performance.now() - startMs) / READS;
    const cpuMsPerRead = (cpuMs() - cpuStart) / READS;
    const traffic = trafficPerOp(before, port!.stats(), READS);
    return {
      msPerRead,
      cpuMsPerRead,
      boundMs: linkBoundMs(traffic, link),
      queriesPerRead: traffic.queries,
      bytesPerRead: traffic.bytesReceived,
    };
  } finally {
    await driver.close();
    await server.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const real: LinkModel = {
    replyLatencyMs: dp832Emulator.replyLatencyMs,
    rateBytesPerS: dp832Emulator.rateBytesPerS,
  };
  const emulated = await measure(real);
  const instant = await measure(INSTANT_LINK);
  const rateHz = 1000 / emulated.msPerRead;
  const boundHz = 1000 / emulated.boundMs;
  return [
    {
      name: 'DP832 3 ch V and I (readings) over the emulated link',
      value: Math.round(rateHz * 10) / 10,
      unit: 'reads/s',
      baseline: { name: 'link + reply-latency bound', value: Math.round(boundHz * 10) / 10, unit: 'reads/s' },
      ratio: Math.round((rateHz / boundHz) * 1000) / 1000,
      target: '≥ 20 reads/s',
      pass: rateHz >= 20,
      notes:
        `${emulated.queriesPerRead} queries and ${Math.round(emulated.bytesPerRead)} bytes received per read; ` +
        `bound = queries × ${real.replyLatencyMs} ms + bytes / ${real.rateBytesPerS / 1e6} MB/s = ${emulated.boundMs.toFixed(2)} ms; ` +
        `measured ${emulated.msPerRead.toFixed(2)} ms (CPU ${emulated.cpuMsPerRead.toFixed(2)} ms); ` +
        `the same reads over an instant link: ${instant.msPerRead.toFixed(2)} ms (CPU ${instant.cpuMsPerRead.toFixed(2)} ms)`,
    },
  ];
}
