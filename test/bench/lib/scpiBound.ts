/**
 * What an emulated SCPI link allows, for the SCPI benchmarks: the time the emulator's model itself takes
 * for the traffic a driver really sent (each query's reply latency, the received bytes at the link rate,
 * the settle times of the commands sent), and the process's own cost measured on a link with neither.
 */
import type { ScpiLinkStats } from '../../../src-main/instruments/scpi/ScpiPort.js';

export interface LinkModel {
  replyLatencyMs: number;
  rateBytesPerS: number;
}

/** Per operation (one update, one read): the traffic between two stats snapshots, divided by `count`. */
export interface TrafficPerOp {
  queries: number;
  writes: number;
  bytesReceived: number;
}

export function trafficPerOp(before: ScpiLinkStats, after: ScpiLinkStats, count: number): TrafficPerOp {
  return {
    queries: (after.queries - before.queries) / count,
    writes: (after.writes - before.writes) / count,
    bytesReceived: (after.bytesReceived - before.bytesReceived) / count,
  };
}

/**
 * The bound, ms per operation: queries × reply latency + bytes / rate + settle times. The emulator
 * carries the client's commands without delay (its link model paces replies only), so command bytes add
 * nothing; a command's settle time delays the next one, so it adds in full.
 */
export function linkBoundMs(traffic: TrafficPerOp, link: LinkModel, settleMsPerOp = 0): number {
  return (
    traffic.queries * link.replyLatencyMs +
    (traffic.bytesReceived * 1000) / link.rateBytesPerS +
    settleMsPerOp
  );
}

/** A link with no reply latency and (for our purposes) no rate limit: what is left is the process's cost. */
export const INSTANT_LINK: LinkModel = { replyLatencyMs: 0, rateBytesPerS: 1e12 };

/** CPU time of this process, ms. */
export function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
