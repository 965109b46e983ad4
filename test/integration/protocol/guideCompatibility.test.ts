import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestBackend } from '../../helpers/backendFixture.js';

/**
 * A client written from nothing but the streaming guide's message list (shared/reference/streaming-guide.md):
 * plain JSON, no hello, no request_id, no knowledge of Benchtop's types — only the token in the URL, which
 * is the one thing Benchtop adds. Deliberately imports nothing from shared/protocol.
 */
type GuideMessage = Record<string, unknown> & { type: string };

class GuideClient {
  readonly received: GuideMessage[] = [];
  /** Binary frames received: a guide client knows only JSON text and could not read them. */
  binaryFrames = 0;
  readonly #socket: WebSocket;
  #listeners: (() => void)[] = [];

  constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        this.binaryFrames++;
        return;
      }
      this.received.push(JSON.parse(data.toString()) as GuideMessage);
      for (const listener of this.#listeners) listener();
    });
  }

  static async connect(url: string): Promise<GuideClient> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new GuideClient(socket);
  }

  send(message: GuideMessage): void {
    this.#socket.send(JSON.stringify(message));
  }

  /** The first message of `type` received after message number `from`. */
  waitFor(type: string, from = 0, timeoutMs = 30_000): Promise<GuideMessage> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.received.slice(from).find((m) => m.type === type);
        if (!found) return false;
        clearTimeout(timer);
        this.#listeners = this.#listeners.filter((l) => l !== listener);
        resolve(found);
        return true;
      };
      const listener = (): void => void check();
      const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms`)), timeoutMs);
      if (!check()) this.#listeners.push(listener);
    });
  }

  async close(): Promise<void> {
    if (this.#socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => this.#socket.once('close', resolve));
    this.#socket.close();
    await closed;
  }
}

describe('a client written from the streaming guide', () => {
  const fixture = useTestBackend();
  let client: GuideClient | undefined;
  // Registered after the fixture's, so it runs before the backend closes.
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  it('starts a readings stream, receives the guide’s fields, stops it and pings', async () => {
    client = await GuideClient.connect(`${fixture.backend.wsUrl}?token=${fixture.backend.token}`);

    client.send({ type: 'start_stream', equipment_id: 'psu_1', stream_type: 'readings', interval_ms: 100 });
    const started = await client.waitFor('stream_started');
    expect(started).toMatchObject({ equipment_id: 'psu_1', stream_type: 'readings' });

    const data = await client.waitFor('stream_data');
    expect(data.equipment_id).toBe('psu_1');
    expect(data.stream_type).toBe('readings');
    const readings = data.data as Record<string, unknown>;
    expect(typeof readings.voltage_actual).toBe('number');
    expect(typeof readings.current_actual).toBe('number');
    expect(typeof readings.output_enabled).toBe('boolean');
    expect(typeof readings.in_cv_mode).toBe('boolean');

    const beforeStop = client.received.length;
    client.send({ type: 'stop_stream', equipment_id: 'psu_1', stream_type: 'readings' });
    const stopped = await client.waitFor('stream_stopped', beforeStop);
    expect(stopped).toMatchObject({ equipment_id: 'psu_1', stream_type: 'readings' });

    const beforePing = client.received.length;
    client.send({ type: 'ping' });
    await client.waitFor('pong', beforePing);

    // Stopped means stopped: no stream_data after the acknowledgement.
    const afterStop = client.received.length;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(client.received.slice(afterStop).filter((m) => m.type === 'stream_data')).toEqual([]);
    // Every message it received has a type from the guide's list.
    const guideTypes = new Set([
      'stream_data',
      'acquisition_stream',
      'stream_started',
      'stream_stopped',
      'pong',
    ]);
    expect(client.received.filter((m) => !guideTypes.has(m.type))).toEqual([]);
    expect(client.binaryFrames).toBe(0);
  });
});
