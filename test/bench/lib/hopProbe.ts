/**
 * Where a fleet reading's time goes on its way to the page (fleetPixel, issue 19), per hop, on the one
 * machine clock every process shares (Date.now()):
 * - the agents child notes when each supply reading is handed to the NATS client (`tapPublishes`: its
 *   connection's `publish`, called from CoalescedPublisher's end-of-turn flush);
 * - the dashboard child notes when each reading reached the fleet (`FleetBridge.onRecord`: after the core
 *   subscription and HistoryMerge), when each numbered `fleet_live` was handed to the session's socket
 *   (`ws` send), and when each `fleet_ack` came in (`FleetFeed.ack`), plus the feeds' ack timeouts
 *   (`tapDashboard`);
 * - the page reports, per reading it timed, its bench, seq, flush and arrival (FleetPixelReport.flows).
 * The harness joins them by bench and seq, and by flush number (`describeHops`). Bench-side code only: the
 * taps wrap methods of this process's objects, nothing in production changes.
 */
import { writeFileSync } from 'node:fs';
import type { NatsConnection } from '@nats-io/transport-node';
import WebSocket from 'ws';
import { FrameKind } from '../../../shared/codec/frame.js';
import type { FleetBridge } from '../../../src-main/fleet/index.js';
import { FleetFeed } from '../../../src-main/server/fleet/index.js';
import type { ReadingFlow } from '../../../src-renderer/bench/fleetPixel.js';
import { percentile } from './chromiumProbe.js';

/** What the agents child writes: when each reading (`bench:seq`) was handed to the NATS client, ms. */
export interface AgentHops {
  publishedMs: Record<string, number>;
}

/** What the dashboard child writes. */
export interface DashboardHops {
  /** When each reading (`bench:seq`) reached the fleet in the backend, ms. */
  receivedMs: Record<string, number>;
  /** When each numbered `fleet_live` was handed to the socket, by flush number, ms. */
  flushSentMs: Record<number, number>;
  /** When each `fleet_ack` came in, by the flush it acknowledged, ms. */
  ackedMs: Record<number, number>;
  /** Paced flushes released by the 250 ms timeout rather than an ack (every feed of the process). */
  ackTimeouts: number;
}

const SEQ = /"seq":(\d+)/;
const FLUSH_AT_END = /"flush":(\d+)\}$/;

/** Notes when every supply reading published on `nc` is handed to the client; returns the writer. */
export function tapPublishes(nc: NatsConnection, file: string): () => void {
  const publishedMs: Record<string, number> = {};
  const publish = nc.publish.bind(nc);
  nc.publish = (subject, data, options) => {
    // benchtop.bench.<bench>.readings.<equipment>
    const parts = subject.split('.');
    if (parts[3] === 'readings' && typeof data === 'string') {
      const seq = SEQ.exec(data)?.[1];
      if (seq !== undefined) publishedMs[`${parts[2]}:${seq}`] = Date.now();
    }
    publish(subject, data, options);
  };
  return () => writeFileSync(file, JSON.stringify({ publishedMs } satisfies AgentHops));
}

/** Notes the dashboard backend's side of every reading and flush; returns the writer. */
export function tapDashboard(bridge: FleetBridge, file: string): () => void {
  const hops: DashboardHops = { receivedMs: {}, flushSentMs: {}, ackedMs: {}, ackTimeouts: 0 };
  bridge.onRecord((bench, record) => {
    if (record.kind === 'readings') hops.receivedMs[`${bench}:${record.seq}`] = Date.now();
  });
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
    if (typeof data === 'string' && data.startsWith('{"type":"fleet_live"')) {
      const flush = FLUSH_AT_END.exec(data)?.[1];
      if (flush !== undefined) hops.flushSentMs[Number(flush)] = Date.now();
    } else if (
      data instanceof Uint8Array &&
      data.byteLength >= 16 &&
      data[5] === FrameKind.fleetWaveformBundle
    ) {
      // A flush of waveforms only is numbered by its bundle (its `seq`); after a fleet_live, the same flush.
      const flush = new DataView(data.buffer, data.byteOffset, 16).getUint32(12, true);
      if (flush > 0) hops.flushSentMs[flush] ??= Date.now();
    }
    return (send as (this: WebSocket, ...args: unknown[]) => void).call(this, data, ...rest);
  } as typeof send;
  const feeds = new Set<FleetFeed>();
  const ack = FleetFeed.prototype.ack;
  FleetFeed.prototype.ack = function (this: FleetFeed, flush: number, afterMs?: number) {
    feeds.add(this);
    hops.ackedMs[flush] = Date.now();
    ack.call(this, flush, afterMs);
  };
  return () => {
    hops.ackTimeouts = [...feeds].reduce((sum, feed) => sum + feed.ackTimeouts, 0);
    writeFileSync(file, JSON.stringify(hops));
  };
}

function p50p95(values: number[]): string {
  return `${percentile(values, 50).toFixed(1)} / ${percentile(values, 95).toFixed(1)}`;
}

/**
 * The breakdown, p50 / p95 per hop in ms, of the readings the page timed: bench → agent's publish →
 * backend → flush written → page; then the pacing's own round trip (flush written → its ack in, ack in →
 * next flush written) and the acks and timeouts over the run.
 */
export function describeHops(flows: ReadingFlow[], agent: AgentHops, dash: DashboardHops): string {
  const publish: number[] = [];
  const broker: number[] = [];
  const feed: number[] = [];
  const toPage: number[] = [];
  const total: number[] = [];
  for (const [bench, seq, flush, timestampMs, arrivedMs] of flows) {
    const key = `${bench}:${seq}`;
    const publishedMs = agent.publishedMs[key];
    const receivedMs = dash.receivedMs[key];
    const sentMs = dash.flushSentMs[flush];
    total.push(arrivedMs - timestampMs);
    if (publishedMs !== undefined) publish.push(publishedMs - timestampMs);
    if (publishedMs !== undefined && receivedMs !== undefined) broker.push(receivedMs - publishedMs);
    if (receivedMs !== undefined && sentMs !== undefined) feed.push(sentMs - receivedMs);
    if (sentMs !== undefined) toPage.push(arrivedMs - sentMs);
  }
  const flushes = [...new Set(flows.map((f) => f[2]))].sort((a, b) => a - b);
  const heldByPage: number[] = [];
  const ackToNext: number[] = [];
  for (const flush of flushes) {
    const sentMs = dash.flushSentMs[flush];
    const ackedMs = dash.ackedMs[flush];
    const nextMs = dash.flushSentMs[flush + 1];
    if (sentMs !== undefined && ackedMs !== undefined) heldByPage.push(ackedMs - sentMs);
    if (ackedMs !== undefined && nextMs !== undefined) ackToNext.push(nextMs - ackedMs);
  }
  return (
    `hops of ${flows.length} readings, p50 / p95 ms: bench → agent publish ${p50p95(publish)}; → backend ` +
    `${p50p95(broker)}; wait in FleetFeed → flush written ${p50p95(feed)}; → page ${p50p95(toPage)} ` +
    `(bench → page ${p50p95(total)}). Pacing over ${flushes.length} flushes: written → its ack in ` +
    `${p50p95(heldByPage)}, ack in → next flush written ${p50p95(ackToNext)}; ` +
    `${Object.keys(dash.ackedMs).length} acks over the run, ${dash.ackTimeouts} ack timeouts`
  );
}
