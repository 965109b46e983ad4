/**
 * The words of an instrument's link line: "LAN 192.168.1.20:5555 · p95 4.1 ms · 38 kB/s · 0 timeouts",
 * and the figures behind it for the expanded row. Pure, so the wording is tested directly.
 */
import type { InstrumentLinkStats } from '../../shared/protocol/link';

/** Bytes per second in kB/s or MB/s (decimal, as link rates are quoted), "0 B/s" when idle. */
export function formatByteRate(bytesPerS: number): string {
  if (bytesPerS >= 1e6) return `${(bytesPerS / 1e6).toFixed(bytesPerS >= 1e7 ? 0 : 1)} MB/s`;
  if (bytesPerS >= 1e3) return `${(bytesPerS / 1e3).toFixed(bytesPerS >= 1e4 ? 0 : 1)} kB/s`;
  return `${Math.round(bytesPerS)} B/s`;
}

/** A latency in ms with the precision a person reads: 0.42 ms, 4.1 ms, 38 ms. */
export function formatLatencyMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The compact line. Errors and resyncs appear only once there are some, so a healthy link stays short. */
export function linkLineText(link: InstrumentLinkStats): string {
  const parts = [
    `LAN ${link.address}`,
    link.connected ? undefined : 'not connected',
    link.queries > 0 ? `p95 ${formatLatencyMs(link.latency_p95_ms)}` : undefined,
    formatByteRate(link.receive_bytes_per_s),
    plural(link.timeouts, 'timeout', 'timeouts'),
    link.resyncs > 0 ? plural(link.resyncs, 'resync', 'resyncs') : undefined,
    link.instrument_errors + link.parse_errors > 0
      ? plural(link.instrument_errors + link.parse_errors, 'error', 'errors')
      : undefined,
  ];
  return parts.filter((p): p is string => p !== undefined).join(' · ');
}

/** The expanded row: every figure, labelled. */
export function linkDetailRows(link: InstrumentLinkStats): [label: string, value: string][] {
  return [
    ['Address', `${link.address} (raw SCPI socket)`],
    ['State', link.connected ? 'connected' : 'not connected'],
    [
      'Query latency',
      `p50 ${formatLatencyMs(link.latency_p50_ms)}, p95 ${formatLatencyMs(link.latency_p95_ms)}`,
    ],
    [
      'Received',
      `${formatByteRate(link.receive_bytes_per_s)} (${link.bytes_received.toLocaleString('en-US')} bytes in all)`,
    ],
    [
      'Sent',
      `${formatByteRate(link.send_bytes_per_s)} (${link.bytes_sent.toLocaleString('en-US')} bytes in all)`,
    ],
    [
      'Commands',
      `${link.queries.toLocaleString('en-US')} queries, ${link.writes.toLocaleString('en-US')} writes`,
    ],
    ['Timeouts', String(link.timeouts)],
    ['Resyncs', String(link.resyncs)],
    ['Instrument errors', `${link.instrument_errors} (reported by SYST:ERR?)`],
    ['Parse errors', `${link.parse_errors} (replies that could not be read)`],
    [
      'Connections',
      `${link.connects} (${link.connects > 1 ? `${link.connects - 1} reconnects` : 'no reconnects'})`,
    ],
  ];
}
