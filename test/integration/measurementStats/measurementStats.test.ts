/**
 * Measurement statistics and trends over the protocol: one dashboard's measurements stream feeds the
 * statistics every client is pushed; a reset is journaled with who asked; a dashboard that reconnects gets
 * the trend the backend kept while it was away; bad requests change nothing.
 */
import { describe, expect, it } from 'vitest';
import type {
  ErrorMessage,
  EventMessage,
  MeasurementStatsMessage,
  ServerMessage,
  StreamDataMessage,
  TrendHistoryMessage,
} from '../../../shared/protocol/index.js';
import { SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import { useTestBackend } from '../../helpers/backendFixture.js';

const isStats =
  (minCount: number) =>
  (m: ServerMessage): boolean =>
    m.type === 'measurement_stats' &&
    m.equipment_id === 'scope_1' &&
    (m.channels.CH1?.measurements.vpp?.count ?? 0) >= minCount;

describe('measurement statistics and trends', () => {
  const fixture = useTestBackend({
    options: () => ({
      drivers: [
        new SimPowerSupply({ id: 'psu_1', seed: 42 }),
        new SimOscilloscope({ id: 'scope_1', seed: 7 }),
      ],
    }),
  });

  it('pushes statistics from one client’s measurements stream to every client, and resets them on command', async () => {
    const watcher = await fixture.connect();
    const other = await fixture.connect();
    await watcher.request({
      type: 'start_stream',
      equipment_id: 'scope_1',
      stream_type: 'measurements',
      interval_ms: 50,
    });
    const pushed = await other.next<MeasurementStatsMessage>(isStats(3));
    const vpp = pushed.channels.CH1!.measurements.vpp!;
    expect(vpp.mean).toBeGreaterThan(0);
    expect(vpp.min).toBeLessThanOrEqual(vpp.max!);
    expect(vpp.stddev).toBeGreaterThanOrEqual(0);

    const before = other.messages.length;
    const reset = await watcher.request<MeasurementStatsMessage>({
      type: 'reset_measurement_stats',
      equipment_id: 'scope_1',
      channel: 'CH1',
    });
    expect(reset.type).toBe('measurement_stats');
    expect(reset.channels.CH1!.reset_by).toMatch(/session /);
    expect(reset.channels.CH1!.measurements.vpp?.count ?? 0).toBeLessThan(vpp.count);
    // CH2 was not reset: it keeps counting from before.
    expect(reset.channels.CH2!.reset_by).toBeUndefined();
    const event = await other.nextAfter<EventMessage>(
      before,
      (m) => m.type === 'event' && m.kind === 'measurement_stats_reset',
    );
    expect(event).toMatchObject({ equipment_id: 'scope_1', details: { channel: 'CH1' } });
    // Counting goes on after the reset.
    await other.nextAfter(
      before,
      (m) => isStats(2)(m) && m.type === 'measurement_stats' && m.channels.CH1!.reset_by !== undefined,
    );
  });

  it('refuses a reset of an unknown instrument or channel and changes nothing', async () => {
    const client = await fixture.connect();
    await client.request({
      type: 'start_stream',
      equipment_id: 'scope_1',
      stream_type: 'measurements',
      interval_ms: 50,
    });
    await client.next(isStats(1));
    const unknown = await client.request<ErrorMessage>({
      type: 'reset_measurement_stats',
      equipment_id: 'nope',
    });
    expect(unknown).toMatchObject({ type: 'error', code: 'unknown_equipment' });
    const channel = await client.request<ErrorMessage>({
      type: 'reset_measurement_stats',
      equipment_id: 'scope_1',
      channel: 'CH9',
    });
    expect(channel).toMatchObject({ type: 'error', code: 'not_found' });
    expect(channel.message).toContain('CH1');
    const bad = await client.request<ErrorMessage>({ type: 'get_trend_history', keys: 'scope_1/CH1/vpp' });
    expect(bad).toMatchObject({ type: 'error', code: 'invalid_message' });
    const stats = await client.request<MeasurementStatsMessage>({
      type: 'get_measurement_stats',
      equipment_id: 'scope_1',
    });
    expect(stats.channels.CH1!.reset_by).toBeUndefined();
    expect(client.ofType('event').some((e) => e.kind === 'measurement_stats_reset')).toBe(false);
  });

  it('gives a reconnecting dashboard the trend the backend kept, with the times it had seen', async () => {
    const first = await fixture.connect();
    await first.request({
      type: 'start_stream',
      equipment_id: 'psu_1',
      stream_type: 'readings',
      interval_ms: 50,
    });
    const seen = await first.next<StreamDataMessage>(
      (m) => m.type === 'stream_data' && m.stream_type === 'readings' && m.seq >= 3,
    );
    await first.close();
    const again = await fixture.connect();
    const history = await again.request<TrendHistoryMessage>({
      type: 'get_trend_history',
      keys: ['psu_1/CH1/voltage'],
    });
    expect(history.series).toHaveLength(1);
    const series = history.series[0]!;
    expect(series).toMatchObject({ equipment_id: 'psu_1', channel: 'CH1', quantity: 'voltage', unit: 'V' });
    expect(series.t_ms.length).toBeGreaterThanOrEqual(4);
    expect(series.t_ms).toContain((seen.data as { timestamp: number }).timestamp);
    const since = await again.request<TrendHistoryMessage>({
      type: 'get_trend_history',
      keys: ['psu_1/CH1/voltage'],
      since_ms: series.t_ms[2],
    });
    expect(since.series[0]!.t_ms[0]).toBe(series.t_ms[2]);
  });
});
