/**
 * A client that reads slowly (a dashboard page starved of CPU) must still get its replies promptly: the
 * kernel's and the browser's buffers hold megabytes before the server's socket buffer grows, so a queue
 * that judges backlog by that buffer alone let seconds of live frames pile up ahead of a reply (a Stop
 * clicked on a busy machine was answered 20 s later, and the page missed its heartbeats). The in-flight
 * window (OutboundQueue) counts what the client has not taken yet.
 */
import { describe, expect, it } from 'vitest';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import type { ServerMessage } from '../../../shared/protocol/index.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { until } from '../../helpers/testBackend.js';

const WINDOW_BYTES = 64 * 1024;

describe('in-flight window: a client that stops reading', () => {
  const fixture = useTestBackend({ lazy: true });

  it('gets its reply behind at most the window of live frames, not the buffers’ megabytes', async () => {
    const backend = await fixture.start({
      drivers: [new SimOscilloscope({ id: 'scope_1', seed: 3 })],
      session: { inFlightWindowBytes: WINDOW_BYTES, slowConsumerMs: 60_000 },
    });
    // GIVEN a client watching the scope's waveform (frames of tens of kB, 50 a second)
    const slow = await fixture.connect('binary');
    await slow.request({
      type: 'start_stream',
      equipment_id: 'scope_1',
      stream_type: 'waveform',
      interval_ms: 20,
      width: 1200,
    });
    await until(() => slow.binary.length >= 3, 'waveform frames');
    const frameBytes = Math.max(...slow.binary.map((f) => f.byteLength));
    const session = await slow.session(backend);

    // WHEN it stops reading until the server holds its frames back, and then asks something
    slow.pause();
    await until(
      () => session.stats().streams.some((s) => s.frames_coalesced > 3),
      'the server to coalesce the stalled client’s frames',
    );
    let bytesAhead = 0;
    let replied = false;
    slow.ws.on('message', (data: Buffer, isBinary) => {
      if (replied) return;
      const message = isBinary ? undefined : (JSON.parse(data.toString()) as ServerMessage);
      if (message && 'request_id' in message && message.request_id === 'asked-while-stalled') replied = true;
      else bytesAhead += data.byteLength;
    });
    const received = session.stats().connection.messages_received;
    slow.send({ type: 'get_info', request_id: 'asked-while-stalled' });
    await until(
      () => session.stats().connection.messages_received > received,
      'the request to reach the server',
    );
    slow.resume();
    await slow.next((m) => 'request_id' in m && m.request_id === 'asked-while-stalled');

    // THEN what came before the reply is at most the window and the frames written as it filled
    expect(bytesAhead).toBeLessThanOrEqual(WINDOW_BYTES + 2 * frameBytes + 16 * 1024);
    // AND once it reads again, live frames flow again
    const framesAfter = slow.binary.length;
    await until(() => slow.binary.length > framesAfter + 3, 'frames after the reply');
  });
});
