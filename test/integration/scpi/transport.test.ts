import { afterEach, describe, expect, it, vi } from 'vitest';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { EmulatorServer } from '../../../src-main/emulators/core/EmulatorServer.js';
import { dp832Emulator } from '../../../src-main/emulators/dp832/index.js';
import { DriverError } from '../../../src-main/instruments/InstrumentDriver.js';
import type { TcpScpiPort } from '../../../src-main/instruments/scpi/transport/index.js';
import { openScpiPort } from '../../../src-main/instruments/scpi/transport/index.js';
import type { ScriptedInstrument } from './scriptedInstrument.js';
import { startScriptedInstrument } from './scriptedInstrument.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function scripted(answer: (line: string, socket: Socket) => void): Promise<ScriptedInstrument> {
  const instrument = await startScriptedInstrument(answer);
  cleanups.push(() => instrument.close());
  return instrument;
}

async function open(port: number, pacing: Parameters<typeof openScpiPort>[1] = {}): Promise<TcpScpiPort> {
  const scpi = await openScpiPort({ host: '127.0.0.1', port }, { timeoutMs: 2_000, quietMs: 50, ...pacing });
  cleanups.push(() => scpi.close());
  return scpi;
}

/** Replies to `*OPC?` with 1 and to `X?` with `x` (lower case), after the script had its say. */
function standard(line: string, socket: Socket): void {
  if (line === '*OPC?') socket.write('1\n');
  else if (/^[A-Z]+\?$/.test(line)) socket.write(`${line.slice(0, -1).toLowerCase()}\n`);
}

describe('TcpScpiPort framing over loopback', () => {
  it('reads replies written byte by byte, and replies coalesced into one write, in order', async () => {
    const instrument = await scripted((line, socket) => {
      if (line === 'SPLIT?') {
        const reply = Buffer.from('split reply\n');
        reply.forEach((byte, i) => setTimeout(() => socket.write(Uint8Array.of(byte)), i));
      } else if (line === 'B?')
        socket.write('b\nc\n'); // answers B? and the C? that follows in one write
      else if (line !== 'C?') standard(line, socket);
    });
    const scpi = await open(instrument.port);
    expect(await scpi.query('SPLIT?')).toBe('split reply');
    expect(await scpi.query('B?')).toBe('b');
    expect(await scpi.query('C?')).toBe('c');
    await scpi.write(':SOUR:VOLT 1');
    expect(await scpi.query('D?')).toBe('d');
    expect(instrument.received).toEqual(['SPLIT?', 'B?', 'C?', ':SOUR:VOLT 1', 'D?']);
    expect(scpi.stats()).toMatchObject({ queries: 4, writes: 1, timeouts: 0, resyncs: 0 });
  });

  it('reads definite and indefinite blocks, with progress', async () => {
    const payload = Buffer.alloc(70_000, 0x0a); // all newlines: the length, not a terminator, ends it
    const instrument = await scripted((line, socket) => {
      if (line === 'DEF?') {
        const header = Buffer.from(`#5${payload.length}`);
        socket.write(Buffer.concat([header, payload.subarray(0, 1000)]));
        setTimeout(() => socket.write(Buffer.concat([payload.subarray(1000), Buffer.from('\n')])), 20);
      } else if (line === 'INDEF?') socket.write('#0raw\x00bytes\n');
      else standard(line, socket);
    });
    const scpi = await open(instrument.port);
    const progress: [number, number | undefined][] = [];
    const block = await scpi.queryBlock('DEF?', { onProgress: (n, total) => progress.push([n, total]) });
    expect(Buffer.from(block).equals(payload)).toBe(true);
    expect(progress[0]).toEqual([1000, 70_000]);
    expect(progress[progress.length - 1]).toEqual([70_000, 70_000]);
    expect(Buffer.from(await scpi.queryBlock('INDEF?')).toString('latin1')).toBe('raw\x00bytes');
    expect(await scpi.query('NEXT?')).toBe('next');
  });
});

describe('TcpScpiPort timeouts and resync', () => {
  it('times out with a readable message, drains the late reply, sends *CLS, and answers the next query rightly', async () => {
    const instrument = await scripted((line, socket) => {
      if (line === 'SLOW?') setTimeout(() => socket.write('late\n'), 150);
      else standard(line, socket);
    });
    const scpi = await open(instrument.port);
    const error = await scpi.query('SLOW?', { timeoutMs: 50 }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DriverError);
    expect((error as DriverError).code).toBe('timeout');
    expect((error as DriverError).message).toBe('no reply to SLOW? within 50 ms');
    expect(await scpi.query('NEXT?')).toBe('next');
    expect(instrument.received).toEqual(['SLOW?', '*CLS', '*OPC?', 'NEXT?']);
    expect(scpi.stats()).toMatchObject({ timeouts: 1, resyncs: 1 });
  });

  it('resyncs without *OPC? for a model that never answers it: *CLS, then *IDN? skips a reply later than the drain', async () => {
    const instrument = await scripted((line, socket) => {
      // Later than the quiet period: a drain alone would leave it to be read as NEXT?'s answer.
      if (line === 'SLOW?') setTimeout(() => socket.write('late\n'), 150);
      else if (line === '*IDN?') setTimeout(() => socket.write('ACME,PSU-1,SN1,1.0\n'), 160);
      else if (line !== '*OPC?') standard(line, socket);
    });
    const scpi = await open(instrument.port, { opcQuery: false, quietMs: 20 });
    await expect(scpi.query('SLOW?', { timeoutMs: 50 })).rejects.toMatchObject({ code: 'timeout' });
    expect(await scpi.query('NEXT?')).toBe('next');
    expect(instrument.received).toEqual(['SLOW?', '*CLS', '*IDN?', 'NEXT?']);
  });

  it('drops the link rather than guess when an *IDN? itself failed on a model without *OPC?', async () => {
    const instrument = await scripted((line, socket) => {
      if (line === '*IDN?') setTimeout(() => socket.write('ACME,PSU-1,SN1,1.0\n'), 150);
      else standard(line, socket);
    });
    const scpi = await open(instrument.port, { opcQuery: false, quietMs: 20 });
    await expect(scpi.query('*IDN?', { timeoutMs: 50 })).rejects.toMatchObject({ code: 'timeout' });
    await expect(scpi.query('NEXT?')).rejects.toMatchObject({ code: 'disconnected' });
    expect(instrument.received).toEqual(['*IDN?']);
  });

  it('treats an abort like a timeout: the late reply is never read as the next answer', async () => {
    const instrument = await scripted((line, socket) => {
      if (line === 'SLOW?') setTimeout(() => socket.write('late\n'), 100);
      else standard(line, socket);
    });
    const scpi = await open(instrument.port);
    const controller = new AbortController();
    const pending = scpi.query('SLOW?', { signal: controller.signal });
    setTimeout(() => controller.abort(new DriverError('host timeout', 'timeout')), 20);
    await expect(pending).rejects.toThrow('host timeout');
    expect(await scpi.query('NEXT?')).toBe('next');
  });

  it('after a cancel inside a block, skips the rest of the block even when it pauses longer than the drain', async () => {
    // The block's 1,000 bytes come as 400, then (after 150 ms, three times quietMs) 600 more; the
    // instrument answers in order, so a confirmation sent in the pause is answered after the block.
    const instrument = await scripted((line, socket) => {
      if (line === 'DATA?') {
        socket.write(Buffer.concat([Buffer.from('#41000'), Buffer.alloc(400, 0x7f)]));
        queued = new Promise((resolve) =>
          setTimeout(() => {
            socket.write(Buffer.concat([Buffer.alloc(600, 0x7f), Buffer.from('\n')]));
            resolve();
          }, 150),
        );
      } else void queued.then(() => standard(line, socket));
    });
    let queued: Promise<void> = Promise.resolve();
    const scpi = await open(instrument.port);
    const controller = new AbortController();
    const pending = scpi.queryBlock('DATA?', {
      signal: controller.signal,
      onProgress: (received) => {
        if (received >= 400) controller.abort(new DriverError('cancelled', 'fault'));
      },
    });
    await expect(pending).rejects.toThrow('cancelled');
    expect(await scpi.query('NEXT?')).toBe('next');
    expect(scpi.stats()).toMatchObject({ resyncs: 1, parseErrors: 0 });
  });

  it('turns garbage into a protocol error and gets back in step', async () => {
    const instrument = await scripted((line, socket) => {
      if (line === 'JUNK?') socket.write(Uint8Array.from([0x01, 0xff, 0x13, 0x0a, 0x41, 0x0a]));
      else standard(line, socket);
    });
    const scpi = await open(instrument.port);
    await expect(scpi.query('JUNK?')).rejects.toMatchObject({ code: 'protocol' });
    expect(await scpi.query('NEXT?')).toBe('next');
    expect(scpi.stats()).toMatchObject({ parseErrors: 1, resyncs: 1 });
  });

  it('paces commands: the minimum gap and the delay after a write hold the next command back', async () => {
    const instrument = await scripted(standard);
    // A clock that only moves when the port waits, so the waits it asks for are exactly what pacing needs.
    let nowMs = 1_000;
    const waitsMs: number[] = [];
    const timers = {
      setTimeout: (callback: () => void, delayMs: number) => {
        if (delayMs >= 1_000) return setTimeout(callback, delayMs); // reply timeouts stay real
        waitsMs.push(delayMs);
        nowMs += delayMs;
        return setImmediate(callback);
      },
      clearTimeout: (handle: unknown) => {
        clearTimeout(handle as ReturnType<typeof setTimeout>);
        clearImmediate(handle as ReturnType<typeof setImmediate>);
      },
    };
    const scpi = await openScpiPort(
      { host: '127.0.0.1', port: instrument.port },
      { minCommandGapMs: 30, writeToQueryDelayMs: 60 },
      undefined,
      { clock: { nowMs: () => nowMs }, timers },
    );
    cleanups.push(() => scpi.close());
    await scpi.write('A');
    await scpi.query('B?');
    await scpi.query('C?');
    expect(waitsMs).toEqual([60, 30]);
  });
});

describe('openScpiPort errors', () => {
  it('says who refused the connection', async () => {
    const instrument = await scripted(() => undefined);
    const port = instrument.port;
    await instrument.close();
    cleanups.pop();
    await expect(openScpiPort({ host: '127.0.0.1', port })).rejects.toMatchObject({
      code: 'disconnected',
      message: `127.0.0.1:${port} refused the connection`,
    });
  });

  it('rejects pending and later calls with disconnected when the instrument hangs up', async () => {
    const instrument = await scripted((line, socket) => {
      if (line === 'BYE?') socket.destroy();
      else standard(line, socket);
    });
    const scpi = await open(instrument.port);
    await expect(scpi.query('BYE?')).rejects.toMatchObject({ code: 'disconnected' });
    await expect(scpi.query('NEXT?')).rejects.toMatchObject({ code: 'disconnected' });
  });
});

describe('the emulator link', () => {
  async function emulator(): Promise<EmulatorServer> {
    const server = await EmulatorServer.start(dp832Emulator, { port: 0, replyLatencyMs: 0 });
    cleanups.push(() => server.close());
    return server;
  }

  it('recovers from a lost reply and from a stalled one', async () => {
    const server = await emulator();
    const scpi = await open(server.address.port, { timeoutMs: 100 });
    server.faults.inject('lost_reply');
    await expect(scpi.query('*IDN?')).rejects.toMatchObject({ code: 'timeout' });
    expect(await scpi.query(':INST:NSEL?')).toBe('1');
    server.faults.setRates({ stall: 0, lostReply: 0, garbage: 0, disconnect: 0, stallMs: 200 });
    server.faults.inject('stall');
    await expect(scpi.query(':SOUR1:VOLT?')).rejects.toMatchObject({ code: 'timeout' });
    expect(await scpi.query(':INST?')).toBe('CH1');
    expect(scpi.stats()).toMatchObject({ timeouts: 2, resyncs: 2 });
  });

  it('carries out several program messages that arrive in one chunk in order, one reply each', async () => {
    const server = await emulator();
    const socket = connect({ host: '127.0.0.1', port: server.address.port });
    cleanups.push(async () => void socket.destroy());
    await once(socket, 'connect');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    // What a port that batches writes sends: settings, then the query that reads them, in one segment.
    socket.write(':INST:NSEL 2\n:SOUR2:VOLT 4.5\n:INST:NSEL?\n:SOUR2:VOLT?\n:INST:NSEL 3\n:INST:NSEL?\n');
    await vi.waitFor(() => expect(received.split('\n')).toHaveLength(4), { timeout: 2_000 });
    expect(received.split('\n').slice(0, 3)).toEqual(['2', '4.500', '3']);
  });

  it('serves one session at a time: a second connection is not answered until the first closes', async () => {
    const server = await emulator();
    const first = await open(server.address.port);
    const second = await open(server.address.port, { timeoutMs: 150 });
    expect(await first.query('*OPC?')).toBe('1');
    await expect(second.query('*IDN?')).rejects.toMatchObject({ code: 'timeout' });
    await first.close();
    expect(await second.query('*IDN?')).toMatch(/^RIGOL TECHNOLOGIES,DP832,/);
  });
});
