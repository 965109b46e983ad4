/**
 * Load: 50 connections × 10 streams on loopback for 60 s (BENCH_LOAD_S to change), delivered rates against
 * the nominal rates of the streams requested (the baseline in the same run), and memory.
 */
import { runLoad, startLoadBackend, LOAD_STREAMS } from '../helpers/loadRun.js';
import type { BenchResult } from './types.js';

const DURATION_S = Number(process.env.BENCH_LOAD_S ?? 60);
const CONNECTIONS = 50;

export async function run(): Promise<BenchResult[]> {
  const backend = await startLoadBackend();
  try {
    const cpuBefore = process.cpuUsage();
    const result = await runLoad(backend, { connections: CONNECTIONS, durationS: DURATION_S });
    const cpu = process.cpuUsage(cpuBefore);
    const json = LOAD_STREAMS.filter((s) => s.stream_type !== 'waveform');
    const nominalJsonPerS = CONNECTIONS * json.reduce((sum, s) => sum + 1000 / s.interval_ms, 0);
    const nominalFramesPerS = CONNECTIONS * (1000 / 100);
    return [
      {
        name: `${CONNECTIONS} connections x ${LOAD_STREAMS.length} streams, ${DURATION_S} s: JSON messages delivered`,
        value: result.messagesPerS,
        unit: 'msg/s',
        baseline: { name: 'nominal', value: nominalJsonPerS, unit: 'msg/s' },
        target: 'nominal, no gaps',
        pass: result.messagesPerS >= nominalJsonPerS * 0.98 && result.seqGaps === 0,
        notes: `${result.seqGaps} seq gaps, ${result.errors} errors, ${result.unexpectedCloses} unexpected closes`,
      },
      {
        name: 'load: binary waveform frames delivered',
        value: result.binaryFramesPerS,
        unit: 'frames/s',
        baseline: { name: 'nominal', value: nominalFramesPerS, unit: 'frames/s' },
      },
      { name: 'load: bytes delivered', value: result.bytesPerS / 1e6, unit: 'MB/s' },
      {
        name: 'load: process CPU (server and clients in one process)',
        value: ((cpu.user + cpu.system) / 1e6 / result.durationS) * 100,
        unit: '% of a core',
      },
      {
        name: 'load: RSS growth over the second half of the run',
        value: result.rssEndMb - result.rssMidMb,
        unit: 'MB',
        baseline: { name: 'RSS halfway', value: result.rssMidMb, unit: 'MB' },
        target: 'bounded: < 50 MB once warmed up',
        pass: result.rssEndMb - result.rssMidMb < 50,
        notes: `start ${result.rssStartMb.toFixed(0)} MB, peak ${result.rssPeakMb.toFixed(0)} MB, end ${result.rssEndMb.toFixed(0)} MB; heap growth ${result.heapGrowthMb.toFixed(1)} MB`,
      },
    ];
  } finally {
    await backend.close();
  }
}
