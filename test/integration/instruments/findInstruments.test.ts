/**
 * Finding an instrument to add, over the wire: `probe_instrument` asks an address for `*IDN?` (here the
 * DP832 emulator, a stranger that answers as an unsupported model, and a closed port) and names the driver;
 * an address the bench already holds is answered from the bench; `discover_instruments` reports what mDNS
 * heard (a fake browser: multicast does not reach loopback here, and tests bind nothing else).
 */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src-main/backend.js';
import { EmulatorServer } from '../../../src-main/emulators/core/EmulatorServer.js';
import { dp832Emulator } from '../../../src-main/emulators/dp832/index.js';
import type {
  ErrorMessage,
  InstrumentProbedMessage,
  InstrumentsDiscoveredMessage,
} from '../../../shared/protocol/index.js';
import { startTestBackend, TestClient } from '../../helpers/testBackend.js';

describe('probe_instrument and discover_instruments', () => {
  let backend: Backend | undefined;
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await backend?.close();
    backend = undefined;
  });

  const connect = async (): Promise<TestClient> => {
    const client = await TestClient.handshake(backend!);
    closers.push(() => client.close());
    return client;
  };

  const listen = async (reply: string): Promise<number> => {
    const server: Server = createServer((socket) => socket.on('data', () => socket.write(reply)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    return (server.address() as { port: number }).port;
  };

  it('names the driver of a supported instrument, found by *IDN?', async () => {
    const emulator = await EmulatorServer.start(dp832Emulator, { port: 0 });
    closers.push(() => emulator.close());
    backend = await startTestBackend();
    const client = await connect();
    const probed = await client.request<InstrumentProbedMessage>({
      type: 'probe_instrument',
      host: '127.0.0.1',
      port: emulator.address.port,
    });
    expect(probed).toMatchObject({
      type: 'instrument_probed',
      driver: 'rigol-dp800',
      identity: { vendor: 'RIGOL TECHNOLOGIES', model: 'DP832' },
    });
  });

  it('says an unsupported model is unsupported, naming what is, and a closed port is unreachable', async () => {
    const port = await listen('ACME INSTRUMENTS,WIDGET-9,SN1,1.0\n');
    backend = await startTestBackend();
    const client = await connect();
    const unsupported = await client.request<ErrorMessage>({
      type: 'probe_instrument',
      host: '127.0.0.1',
      port,
    });
    expect(unsupported.code).toBe('unsupported_instrument');
    expect(unsupported.message).toMatch(/is a ACME INSTRUMENTS WIDGET-9, which Benchtop does not support/);
    expect(unsupported.message).toMatch(/rigol-dp800 \(DP832/);

    const closed = await listen('');
    closers.pop()!();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const refused = await client.request<ErrorMessage>({
      type: 'probe_instrument',
      host: '127.0.0.1',
      port: closed,
    });
    expect(refused.code).toBe('instrument_fault');
    expect(refused.message).toContain(`127.0.0.1:${closed}`);
  });

  it('answers for an instrument on the bench from the bench, without a second link', async () => {
    const emulator = await EmulatorServer.start(dp832Emulator, { port: 0 });
    closers.push(() => emulator.close());
    backend = await startTestBackend({ drivers: undefined, seed: 1 });
    const client = await connect();
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
    const probed = await client.request<InstrumentProbedMessage>({
      type: 'probe_instrument',
      host: '127.0.0.1',
      port,
    });
    expect(probed).toMatchObject({ driver: 'rigol-dp800', equipment_id: 'dp', identity: { model: 'DP832' } });
  });

  it('reports what mDNS heard, merged per host, and refuses a listening time out of range', async () => {
    backend = await startTestBackend({
      browse: (onUp) => {
        onUp({
          service: 'scpi-raw',
          name: 'Keysight E36313A',
          host: 'e36313a.local',
          port: 5025,
          addresses: ['192.0.2.10'],
          txt: { Manufacturer: 'Keysight Technologies', Model: 'E36313A' },
        });
        return () => undefined;
      },
    });
    const client = await connect();
    const found = await client.request<InstrumentsDiscoveredMessage>({
      type: 'discover_instruments',
      duration_ms: 100,
    });
    expect(found.instruments).toEqual([
      {
        name: 'Keysight E36313A',
        host: '192.0.2.10',
        port: 5025,
        port_announced: true,
        services: ['scpi-raw'],
        manufacturer: 'Keysight Technologies',
        model: 'E36313A',
      },
    ]);
    const refused = await client.request<ErrorMessage>({ type: 'discover_instruments', duration_ms: 60_000 });
    expect(refused.code).toBe('invalid_message');
  });
});
