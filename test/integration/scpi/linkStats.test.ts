/**
 * Link statistics over the wire: a DP832 emulator added to a running backend shows up in `stats` with its
 * link's figures — latency, byte rates, and the timeout, resync, parse error and instrument error that the
 * emulator's faults and error queue cause — while the simulated supply on the same bench has no entry.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src-main/backend.js';
import { EmulatorServer } from '../../../src-main/emulators/core/EmulatorServer.js';
import { ScpiError } from '../../../src-main/emulators/core/ScpiError.js';
import { dp832Emulator } from '../../../src-main/emulators/dp832/index.js';
import type { ErrorMessage, StatsMessage } from '../../../shared/protocol/index.js';
import { instrumentStatsSchema } from '../../../shared/protocol/index.js';
import { startTestBackend, TestClient } from '../../helpers/testBackend.js';

describe('link statistics in stats', () => {
  let backend: Backend | undefined;
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await backend?.close();
    backend = undefined;
  });

  const linkOf = async (client: TestClient, id: string) => {
    const stats = await client.request<StatsMessage>({ type: 'get_stats' });
    return stats.instruments.find((entry) => entry.equipment_id === id);
  };

  it('reports the DP832 link, counts an injected timeout, garbage and an instrument error, and lists no simulator', async () => {
    const emulator = await EmulatorServer.start(dp832Emulator, { port: 0 });
    closers.push(() => emulator.close());
    backend = await startTestBackend();
    const client = await TestClient.handshake(backend);
    closers.push(() => client.close());
    const port = emulator.address.port;
    await client.request({
      type: 'add_instrument',
      instrument: { id: 'dp', driver: 'rigol-dp800', label: 'DP832', options: { host: '127.0.0.1', port } },
    });
    await client.next(
      (m) =>
        m.type === 'event' &&
        m.kind === 'instrument_state' &&
        m.equipment_id === 'dp' &&
        m.details?.state === 'online',
      10_000,
    );

    const healthy = await client.request<StatsMessage>({ type: 'get_stats' });
    // The simulated supply psu_1 has no link: it is not listed at all (not listed with zeros).
    expect(healthy.instruments.map((entry) => entry.equipment_id)).toEqual(['dp']);
    const first = healthy.instruments[0]!;
    expect(instrumentStatsSchema.safeParse(first).success).toBe(true);
    expect(first.link).toMatchObject({
      transport: 'lan',
      address: `127.0.0.1:${port}`,
      connected: true,
      timeouts: 0,
      resyncs: 0,
      parse_errors: 0,
      instrument_errors: 0,
      connects: 1,
    });
    expect(first.link.queries).toBeGreaterThan(0);
    expect(first.link.latency_p50_ms).toBeGreaterThan(0);
    expect(first.link.latency_p95_ms).toBeGreaterThanOrEqual(first.link.latency_p50_ms);
    expect(first.link.bytes_received).toBeGreaterThan(0);
    expect(first.link.bytes_sent).toBeGreaterThan(0);

    // A lost reply: the read times out, the port resyncs (drain, *CLS, *OPC?) and the next read works.
    emulator.faults.inject('lost_reply');
    const lost = await client.request<ErrorMessage>({ type: 'get_parameters', equipment_id: 'dp' });
    expect(lost.type).toBe('error');
    await client.request({ type: 'get_parameters', equipment_id: 'dp' });
    // The instrument's own error queue answers the SYST:ERR? after a setting.
    emulator.table.errors.push(new ScpiError(-221, 'Settings conflict'));
    const refused = await client.request<ErrorMessage>({
      type: 'set_parameter',
      equipment_id: 'dp',
      channel: 1,
      parameter: 'voltage_set',
      value: 1,
    });
    expect(refused).toMatchObject({ type: 'error', message: expect.stringContaining('-221') });
    // Garbage instead of a reply: unframeable bytes, a parse error and a resync; the host treats an
    // unreadable reply as a lost link, so the instrument goes offline and reconnects (a second socket).
    emulator.faults.inject('garbage');
    const garbled = await client.request<ErrorMessage>({ type: 'get_parameters', equipment_id: 'dp' });
    expect(garbled).toMatchObject({ type: 'error', message: expect.stringContaining('unreadable reply') });
    await client.next(
      (m) =>
        m.type === 'event' &&
        m.kind === 'instrument_state' &&
        m.equipment_id === 'dp' &&
        m.details?.state === 'online' &&
        client.messages.indexOf(m) > client.messages.indexOf(garbled),
      10_000,
    );

    const link = (await linkOf(client, 'dp'))!.link;
    expect(link).toMatchObject({
      connected: true,
      timeouts: 1,
      resyncs: 2,
      parse_errors: 1,
      instrument_errors: 1,
      connects: 2,
    });
  });
});
