/**
 * Child process of fanout.bench.ts: hosts a few WebSocket clients, so that their CPU is not counted in the
 * server process's figures. Driven over IPC: `start` (connect, start the streams), `measure` (reset the
 * counters: the measurement window opens), `finish` (report and exit).
 *
 * Each client counts messages and bytes per kind, seq gaps per stream, and the delivery latency of every
 * message: receive time − the time its data describes (readings: when the supply was read; waveforms: the
 * end of the record, t0 + its duration). Both processes use performance.timeOrigin + performance.now(),
 * the clock the backend stamps with, so the figure is comparable across processes to well under 1 ms.
 */
import WebSocket from 'ws';

export type ClientMode = 'binary' | 'json';

export interface ClientPlan {
  mode: ClientMode;
  /** Never reads after its streams started (its socket is paused): a stalled client. */
  slow: boolean;
}

export interface StreamRequest {
  equipment_id: string;
  stream_type: string;
  interval_ms: number;
  channel?: number;
  width?: number;
}

export type ParentMessage =
  | {
      type: 'start';
      url: string;
      token: string;
      plans: ClientPlan[];
      streams: Record<ClientMode, StreamRequest[]>;
    }
  | { type: 'measure' }
  | { type: 'finish' };

export interface ClientReport {
  mode: ClientMode;
  slow: boolean;
  readings: number;
  waveforms: number;
  bytes: number;
  /** Messages missing by seq, over all streams of the client, during the window. */
  seqGaps: number;
  /** frames_dropped of the connection from get_stats at the end (undefined for a stalled client). */
  framesDropped: number | undefined;
  readingsLatencyMs: number[];
  waveformLatencyMs: number[];
  closed: { code: number; reason: string } | undefined;
}

export type ChildMessage =
  | { type: 'ready' }
  /** cpuMs: this process's CPU time during the measurement window. */
  | { type: 'report'; clients: ClientReport[]; cpuMs: number }
  | { type: 'failed'; error: string };

const now = (): number => performance.timeOrigin + performance.now();

class BenchClient {
  readonly plan: ClientPlan;
  readonly ws: WebSocket;
  readonly #lastSeq = new Map<number, number>();
  #measuring = false;
  #replies = new Map<string, (m: Record<string, unknown>) => void>();
  #nextId = 0;
  report: ClientReport;

  constructor(url: string, token: string, plan: ClientPlan) {
    this.plan = plan;
    this.ws = new WebSocket(plan.mode === 'json' ? `${url}?token=${token}` : url, { maxPayload: 0 });
    this.report = this.#emptyReport();
    this.ws.on('message', (data: Buffer, isBinary) => this.#onMessage(data, isBinary));
    this.ws.on('close', (code, reason) => {
      this.report.closed = { code, reason: reason.toString() };
    });
    this.ws.on('error', () => {});
  }

  async open(token: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    if (this.plan.mode === 'binary') {
      await this.request({
        type: 'hello',
        protocol: 1,
        token,
        client: 'fanout-bench',
        encodings: ['json', 'binary'],
      });
    }
  }

  request(message: Record<string, unknown>): Promise<Record<string, unknown>> {
    const request_id = `b${this.#nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${String(message.type)}`)), 10_000);
      this.#replies.set(request_id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.ws.send(JSON.stringify({ ...message, request_id }));
    });
  }

  measure(): void {
    this.report = this.#emptyReport();
    this.#measuring = true;
  }

  async finish(): Promise<ClientReport> {
    this.#measuring = false;
    if (!this.plan.slow && this.ws.readyState === WebSocket.OPEN) {
      const stats = await this.request({ type: 'get_stats' });
      const connection = stats.connection as { frames_dropped: number } | undefined;
      this.report.framesDropped = connection?.frames_dropped;
    }
    this.ws.terminate();
    return this.report;
  }

  #emptyReport(): ClientReport {
    return {
      mode: this.plan.mode,
      slow: this.plan.slow,
      readings: 0,
      waveforms: 0,
      bytes: 0,
      seqGaps: 0,
      framesDropped: undefined,
      readingsLatencyMs: [],
      waveformLatencyMs: [],
      closed: this.report?.closed,
    };
  }

  #seq(streamId: number, seq: number): void {
    const last = this.#lastSeq.get(streamId);
    this.#lastSeq.set(streamId, seq);
    if (this.#measuring && last !== undefined && seq > last + 1) this.report.seqGaps += seq - last - 1;
  }

  #onMessage(data: Buffer, isBinary: boolean): void {
    const receivedMs = now();
    if (isBinary) {
      // The frame header only (see shared/codec/frame.ts): a real client would view the channel blocks in
      // place, which costs nothing more.
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      const streamId = view.getUint32(8, true);
      this.#seq(streamId, view.getUint32(12, true));
      if (!this.#measuring) return;
      const t0Ms = view.getFloat64(16, true);
      const dtS = view.getFloat64(24, true);
      const minMax = (view.getUint16(6, true) & 1) === 1;
      const values = view.getUint32(36, true);
      const endMs = t0Ms + (minMax ? values / 2 : values) * dtS * 1000;
      this.report.waveforms++;
      this.report.bytes += data.byteLength;
      this.report.waveformLatencyMs.push(receivedMs - endMs);
      return;
    }
    const message = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    const requestId = message.request_id;
    if (typeof requestId === 'string') {
      this.#replies.get(requestId)?.(message);
      this.#replies.delete(requestId);
      return;
    }
    if (message.type !== 'stream_data') return;
    this.#seq(message.stream_id as number, message.seq as number);
    if (!this.#measuring) return;
    this.report.bytes += data.byteLength;
    const timestampMs = message.timestamp as number;
    if (message.stream_type === 'waveform') {
      const payload = message.data as { num_samples: number; sample_rate: number };
      this.report.waveforms++;
      this.report.waveformLatencyMs.push(
        receivedMs - (timestampMs + (payload.num_samples / payload.sample_rate) * 1000),
      );
    } else {
      this.report.readings++;
      this.report.readingsLatencyMs.push(receivedMs - timestampMs);
    }
  }
}

const clients: BenchClient[] = [];
let cpuAtMeasureMs = 0;
const cpuMs = (): number => {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1000;
};
const send = (message: ChildMessage, then?: () => void): void => {
  process.send?.(message, undefined, {}, () => then?.());
};

process.on('message', (raw: ParentMessage) => {
  void (async () => {
    try {
      switch (raw.type) {
        case 'start':
          for (const plan of raw.plans) {
            const client = new BenchClient(raw.url, raw.token, plan);
            await client.open(raw.token);
            for (const stream of raw.streams[plan.mode]) {
              const reply = await client.request({ type: 'start_stream', ...stream });
              if (reply.type !== 'stream_started') throw new Error(`start_stream: ${JSON.stringify(reply)}`);
            }
            if (plan.slow) client.ws.pause();
            clients.push(client);
          }
          send({ type: 'ready' });
          break;
        case 'measure':
          cpuAtMeasureMs = cpuMs();
          for (const client of clients) client.measure();
          break;
        case 'finish': {
          const windowCpuMs = cpuMs() - cpuAtMeasureMs;
          const reports = await Promise.all(clients.map((c) => c.finish()));
          // Disconnect only once the report is written: a large one is still in flight when send returns.
          send({ type: 'report', clients: reports, cpuMs: windowCpuMs }, () => process.disconnect?.());
          break;
        }
      }
    } catch (err) {
      send({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  })();
});
