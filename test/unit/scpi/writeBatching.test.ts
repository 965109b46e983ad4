/**
 * TcpScpiPort's sends on an injected clock and a fake socket: where the model needs no gap between
 * commands, writes leave in one send with the query that follows them (or alone on the next turn); where it
 * needs a gap or a delay before a query, each command is its own send, paced.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { TcpScpiPort } from '../../../src-main/instruments/scpi/transport/index.js';
import type { ScpiPacing } from '../../../src-main/instruments/scpi/transport/index.js';
import { DEFAULT_PACING } from '../../../src-main/instruments/scpi/transport/index.js';
import { manualClock } from '../../helpers/fakeInstruments.js';

/** A socket that records each send with the clock's time and answers queries through `answer`. */
class FakeSocket extends EventEmitter {
  readonly sends: { atMs: number; text: string }[] = [];
  destroyed = false;
  readonly #nowMs: () => number;
  readonly #answer: (line: string) => string | undefined;

  constructor(nowMs: () => number, answer: (line: string) => string | undefined) {
    super();
    this.#nowMs = nowMs;
    this.#answer = answer;
  }

  setNoDelay(): this {
    return this;
  }

  write(text: string, _encoding: string, callback?: (err?: Error) => void): boolean {
    this.sends.push({ atMs: this.#nowMs(), text });
    const replies = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => this.#answer(line))
      .filter((reply) => reply !== undefined);
    queueMicrotask(() => {
      callback?.();
      if (replies.length > 0) this.emit('data', Buffer.from(replies.map((r) => `${r}\n`).join(''), 'latin1'));
    });
    return true;
  }

  destroy(): this {
    this.destroyed = true;
    queueMicrotask(() => this.emit('close'));
    return this;
  }
}

interface Rig {
  port: TcpScpiPort;
  socket: FakeSocket;
  /** Runs what the port deferred to the event loop's next turn. */
  nextTurn(): void;
  /** Every wait the port asked its timers for below 1 s (pacing), ms. */
  waitsMs: number[];
}

function rig(pacing: Partial<ScpiPacing>): Rig {
  const clock = manualClock(1_000);
  const socket = new FakeSocket(clock.nowMs, (line) =>
    line.includes('?') ? line.replace('?', '').toLowerCase() : undefined,
  );
  const deferred: (() => void)[] = [];
  const waitsMs: number[] = [];
  const timers = {
    setTimeout: (callback: () => void, delayMs: number) => {
      // Pacing waits move the clock by exactly what was asked; reply timeouts never fire here.
      if (delayMs >= 1_000) return { callback };
      waitsMs.push(delayMs);
      clock.advance(delayMs);
      queueMicrotask(callback);
      return { callback };
    },
    clearTimeout: () => undefined,
  };
  const port = new TcpScpiPort(
    socket as unknown as Socket,
    '127.0.0.1:5555',
    { ...DEFAULT_PACING, ...pacing },
    { clock, timers, defer: (callback) => deferred.push(callback) },
  );
  return { port, socket, nextTurn: () => deferred.splice(0).forEach((run) => run()), waitsMs };
}

describe('TcpScpiPort write batching', () => {
  it('sends the writes before a query with it in one send when the model needs no gap', async () => {
    const { port, socket } = rig({});
    await port.write(':STOP');
    await port.write(':WAV:SOUR CHAN1');
    expect(socket.sends).toEqual([]); // held for the command that follows
    expect(await port.query(':WAV:PRE?')).toBe(':wav:pre');
    expect(socket.sends.map((s) => s.text)).toEqual([':STOP\n:WAV:SOUR CHAN1\n:WAV:PRE?\n']);
    expect(port.stats()).toMatchObject({ writes: 2, queries: 1, bytesSent: 32 });
  });

  it('sends a write that no command follows on the next turn of the event loop, and before closing', async () => {
    const { port, socket, nextTurn } = rig({});
    await port.write(':RUN');
    expect(socket.sends).toEqual([]);
    nextTurn();
    expect(socket.sends.map((s) => s.text)).toEqual([':RUN\n']);
    nextTurn(); // nothing left: no empty send
    await port.write(':STOP');
    await port.close();
    expect(socket.sends.map((s) => s.text)).toEqual([':RUN\n', ':STOP\n']);
    expect(socket.destroyed).toBe(true);
  });

  it('never sends a setting and its SYST:ERR? check together', async () => {
    const { port, socket } = rig({});
    await port.write(':TIM:SCAL 0.001');
    expect(await port.query(':SYST:ERR?')).toBe(':syst:err');
    expect(socket.sends.map((s) => s.text)).toEqual([':TIM:SCAL 0.001\n', ':SYST:ERR?\n']);
  });

  it('sends each command on its own, the gap kept, when the model needs a gap between commands', async () => {
    const { port, socket, waitsMs } = rig({ minCommandGapMs: 15, opcQuery: false });
    await port.write('CH1:VOLT 5');
    await port.write('CH2:VOLT 3');
    expect(await port.query('MEAS:VOLT? CH1')).toBe('meas:volt ch1');
    expect(socket.sends).toEqual([
      { atMs: 1_000, text: 'CH1:VOLT 5\n' },
      { atMs: 1_015, text: 'CH2:VOLT 3\n' },
      { atMs: 1_030, text: 'MEAS:VOLT? CH1\n' },
    ]);
    expect(waitsMs).toEqual([15, 15]);
  });

  it('sends a query on its own after the delay a scope needs after a write', async () => {
    const { port, socket, waitsMs } = rig({ writeToQueryDelayMs: 40 });
    await port.write(':STOP');
    expect(await port.query(':TRIG:STAT?')).toBe(':trig:stat');
    expect(socket.sends).toEqual([
      { atMs: 1_000, text: ':STOP\n' },
      { atMs: 1_040, text: ':TRIG:STAT?\n' },
    ]);
    expect(waitsMs).toEqual([40]);
  });

  it('sends each command on its own when the bench turns batching off', async () => {
    const { port, socket } = rig({ batchWrites: false });
    await port.write(':STOP');
    expect(await port.query(':WAV:PRE?')).toBe(':wav:pre');
    expect(socket.sends.map((s) => s.text)).toEqual([':STOP\n', ':WAV:PRE?\n']);
  });

  it('refuses a write on a closed port and drops writes held when the link fails', async () => {
    const { port, socket, nextTurn } = rig({});
    await port.write(':RUN');
    socket.emit('close');
    nextTurn();
    expect(socket.sends).toEqual([]);
    await expect(port.write(':STOP')).rejects.toMatchObject({ code: 'disconnected' });
  });
});
