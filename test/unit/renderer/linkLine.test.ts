/**
 * The link line: its words for a healthy and a troubled link, the expanded figures, nothing at all for an
 * instrument without a link, and the store's map from `stats.instruments` (malformed entries dropped).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { InstrumentLinkStats } from '../../../shared/protocol/link.js';
import { linkStatsById } from '../../../src-renderer/client/linkStats.js';
import { LinkLineView } from '../../../src-renderer/panels/LinkLine.js';
import { formatByteRate, linkLineText } from '../../../src-renderer/panels/linkLineText.js';

const healthy: InstrumentLinkStats = {
  transport: 'lan',
  address: '192.168.1.20:5555',
  connected: true,
  latency_p50_ms: 2.6,
  latency_p95_ms: 4.14,
  receive_bytes_per_s: 38_400,
  send_bytes_per_s: 900,
  queries: 1_200,
  writes: 40,
  bytes_received: 4_000_000,
  bytes_sent: 30_000,
  timeouts: 0,
  resyncs: 0,
  instrument_errors: 0,
  parse_errors: 0,
  connects: 1,
};

describe('link line', () => {
  it('reads as one compact line for a healthy link', () => {
    expect(linkLineText(healthy)).toBe('LAN 192.168.1.20:5555 · p95 4.1 ms · 38 kB/s · 0 timeouts');
  });

  it('names timeouts, resyncs and errors once there are some, and a link that is down', () => {
    const troubled = {
      ...healthy,
      connected: false,
      timeouts: 1,
      resyncs: 2,
      instrument_errors: 1,
      parse_errors: 2,
    };
    expect(linkLineText(troubled)).toBe(
      'LAN 192.168.1.20:5555 · not connected · p95 4.1 ms · 38 kB/s · 1 timeout · 2 resyncs · 3 errors',
    );
  });

  it('formats byte rates as link rates are quoted', () => {
    expect(formatByteRate(0)).toBe('0 B/s');
    expect(formatByteRate(1_500)).toBe('1.5 kB/s');
    expect(formatByteRate(1_700_000)).toBe('1.7 MB/s');
  });

  it('renders the line with every figure in the expandable row, and nothing without a link', () => {
    const html = renderToStaticMarkup(createElement(LinkLineView, { instrumentId: 'dp', link: healthy }));
    expect(html).toContain('data-testid="instrument-dp-link"');
    expect(html).toContain('<summary');
    expect(html).toContain('LAN 192.168.1.20:5555 · p95 4.1 ms · 38 kB/s · 0 timeouts');
    expect(html).toContain('<dt>Query latency</dt><dd>p50 2.6 ms, p95 4.1 ms</dd>');
    expect(html).toContain('<dt>Instrument errors</dt><dd>0 (reported by SYST:ERR?)</dd>');
    expect(renderToStaticMarkup(createElement(LinkLineView, { instrumentId: 'sim', link: undefined }))).toBe(
      '',
    );
  });

  it('keeps valid entries of stats.instruments by id and drops malformed ones', () => {
    const byId = linkStatsById([
      { equipment_id: 'dp', link: healthy },
      { equipment_id: 'bad', link: { ...healthy, timeouts: -1 } },
      { equipment_id: 'worse' },
    ]);
    expect(Object.keys(byId)).toEqual(['dp']);
    expect(byId.dp).toEqual(healthy);
    expect(linkStatsById(undefined)).toEqual({});
  });
});
