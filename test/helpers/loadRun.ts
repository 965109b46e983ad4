/**
 * Load on loopback: many connections, each holding ten streams across two power supplies and two
 * oscilloscopes, for a bounded time. Reports delivered rates, drops, errors and memory. Used by the
 * hardening test (short) and the load benchmark (60 s).
 */
import { SimPowerSupply, DEMO_BENCH } from '../../src-main/instruments/psu/SimPowerSupply.js';
import { SimOscilloscope } from '../../src-main/instruments/scope/SimOscilloscope.js';
import type { Backend } from '../../src-main/backend.js';
import type { ServerMessage } from '../../shared/protocol/index.js';
import { startTestBackend, TestClient } from './testBackend.js';

export interface LoadResult {
  connections: number;
  streamsPerConnection: number;
  durationS: number;
  messagesPerS: number;
  binaryFramesPerS: number;
  bytesPerS: number;
  /** Sequence numbers skipped, summed over all streams (server drops under backpressure). */
  seqGaps: number;
  errors: number;
  unexpectedCloses: number;
  rssStartMb: number;
  rssPeakMb: number;
  rssEndMb: number;
  /** RSS halfway through the timed run: growth after it would mean memory is not bounded. */
  rssMidMb: number;
  heapGrowthMb: number;
}

/** Ten distinct streams per connection (a stream is unique per instrument, type and channel). */
export const LOAD_STREAMS = [
  ...['psu_1', 'psu_2'].flatMap((id) =>
    [undefined, 1, 2, 3].map((channel) => ({
      equipment_id: id,
      stream_type: 'readings',
      interval_ms: 100,
      channel,
    })),
  ),
  { equipment_id: 'scope_1', stream_type: 'waveform', interval_ms: 100, width: 600 },
  { equipment_id: 'scope_2', stream_type: 'measurements', interval_ms: 250 },
];

export async function startLoadBackend(): Promise<Backend> {
  return startTestBackend({
    drivers: [
      new SimPowerSupply({ id: 'psu_1', seed: 1, initial: DEMO_BENCH }),
      new SimPowerSupply({ id: 'psu_2', seed: 2, initial: DEMO_BENCH }),
      new SimOscilloscope({ id: 'scope_1', seed: 3 }),
      new SimOscilloscope({ id: 'scope_2', seed: 4 }),
    ],
    maxConnections: 128,
  });
}

export async function runLoad(
  backend: Backend,
  options: { connections: number; durationS: number },
): Promise<LoadResult> {
  const rssStart = process.memoryUsage().rss;
  const heapStart = process.memoryUsage().heapUsed;
  let rssPeak = rssStart;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 200);
  const clients: TestClient[] = [];
  let unexpectedCloses = 0;
  try {
    for (let i = 0; i < options.connections; i++) {
      const client = await TestClient.handshake(backend);
      // The load client keeps counts, not messages, so the test measures the server, not its own buffers.
      client.messages.length = 0;
      clients.push(client);
      void client.closed.then((c) => {
        if (c.code !== 1000 && c.code !== 1005) unexpectedCloses++;
      });
    }
    const counts = { messages: 0, binary: 0, bytes: 0, errors: 0, gaps: 0 };
    const lastSeq = new Map<string, number>();
    clients.forEach((client, index) => {
      client.ws.on('message', (data: Buffer, isBinary: boolean) => {
        counts.bytes += data.length;
        if (isBinary) {
          counts.binary++;
          return;
        }
        counts.messages++;
        const message = JSON.parse(data.toString()) as ServerMessage;
        if (message.type === 'error') counts.errors++;
        if (message.type === 'stream_data') {
          const key = `${index}/${message.stream_id}`;
          const last = lastSeq.get(key);
          if (last !== undefined && message.seq > last + 1) counts.gaps += message.seq - last - 1;
          lastSeq.set(key, message.seq);
        }
      });
    });
    for (const client of clients) {
      for (const spec of LOAD_STREAMS) {
        const reply = await client.request({ type: 'start_stream', ...spec });
        if (reply.type !== 'stream_started') throw new Error(`stream refused: ${JSON.stringify(reply)}`);
      }
      client.messages.length = 0;
    }
    // TestClient keeps every message it receives (for assertions); here that would be the clients' memory,
    // not the server's, so discard it continuously and measure the server alone.
    const discard = setInterval(() => {
      for (const client of clients) {
        client.messages.length = 0;
        client.binary.length = 0;
      }
    }, 250);
    const from = { ...counts };
    const started = performance.now();
    await new Promise((r) => setTimeout(r, (options.durationS * 1000) / 2));
    const rssMid = process.memoryUsage().rss;
    await new Promise((r) => setTimeout(r, (options.durationS * 1000) / 2));
    const elapsedS = (performance.now() - started) / 1000;
    clearInterval(discard);
    return {
      connections: options.connections,
      streamsPerConnection: LOAD_STREAMS.length,
      durationS: elapsedS,
      messagesPerS: (counts.messages - from.messages) / elapsedS,
      binaryFramesPerS: (counts.binary - from.binary) / elapsedS,
      bytesPerS: (counts.bytes - from.bytes) / elapsedS,
      seqGaps: counts.gaps,
      errors: counts.errors,
      unexpectedCloses,
      rssStartMb: rssStart / 1e6,
      rssPeakMb: rssPeak / 1e6,
      rssEndMb: process.memoryUsage().rss / 1e6,
      rssMidMb: rssMid / 1e6,
      heapGrowthMb: (process.memoryUsage().heapUsed - heapStart) / 1e6,
    };
  } finally {
    clearInterval(sampler);
    await Promise.all(clients.map((c) => c.close()));
  }
}
