/**
 * The events log catching up with the backend's on each (re)connect (client/eventHistory.ts): it asks for
 * what came after the newest seq held, shows nothing twice, counts what was missed as unread, and takes a
 * whole new log from a backend whose log is not the one it held.
 */
import { describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { EventMessage, EventsMessage } from '../../../shared/protocol/server';
import { BenchClient } from '../../../src-renderer/client/BenchClient';
import { catchUpEvents } from '../../../src-renderer/client/eventHistory';
import { createBenchesSlice, type BenchesSlice } from '../../../src-renderer/store/benchesSlice';

const ev = (seq: number | undefined, message: string): EventMessage => ({
  type: 'event',
  level: 'info',
  kind: seq === undefined ? 'connection_lost' : 'setting_changed',
  message,
  timestamp: (seq ?? 2.5) * 1000,
  ...(seq !== undefined && { seq }),
});

function benchWithLog(log: () => EventMessage[]): { client: BenchClient; asked: unknown[] } {
  const store = createStore<BenchesSlice>()(createBenchesSlice);
  const client = new BenchClient({
    benchId: 'b',
    store,
    getEndpoint: () => Promise.reject(new Error('unused')),
  });
  const asked: unknown[] = [];
  vi.spyOn(client.connection, 'request').mockImplementation((command) => {
    asked.push(command);
    const after = (command as { after_seq: number }).after_seq;
    const all = log();
    const reply: EventsMessage = {
      type: 'events',
      events: all.filter((e) => (e.seq ?? 0) > after),
      newest_seq: Math.max(0, ...all.map((e) => e.seq ?? 0)),
      truncated: false,
    };
    return Promise.resolve(reply as never);
  });
  return { client, asked };
}

describe('catchUpEvents', () => {
  it('loads the history once, then only what came after, with live events shown once', async () => {
    let log = [ev(1, 'one'), ev(2, 'two')];
    const { client, asked } = benchWithLog(() => log);
    await catchUpEvents(client);
    expect(client.state.current().events.map((e) => e.message)).toEqual(['one', 'two']);
    expect(client.state.current().unreadEvents).toBe(0); // history on open is not news

    // Live: seq 3 arrives; the link drops (a note of our own); seq 4 happens while disconnected.
    client.state.addEvent(ev(3, 'three'));
    client.state.addEvent(ev(undefined, 'link lost'));
    log = [...log, ev(3, 'three'), ev(4, 'four')];
    await catchUpEvents(client);
    expect(asked.at(-1)).toMatchObject({ type: 'get_events', after_seq: 3 });
    expect(client.state.current().events.map((e) => e.message)).toEqual([
      'one',
      'two',
      'link lost',
      'three',
      'four',
    ]);
    // three and the link note live, four missed while away
    expect(client.state.current().unreadEvents).toBe(3);
  });

  it('replaces the backend’s events held with a backend whose log is another one (newest seq below ours)', async () => {
    let log = [ev(7, 'old seven'), ev(8, 'old eight')];
    const { client, asked } = benchWithLog(() => log);
    await catchUpEvents(client);
    client.state.addEvent(ev(undefined, 'link lost'));
    log = [ev(1, 'new one')];
    await catchUpEvents(client);
    expect(asked.slice(-2)).toMatchObject([{ after_seq: 8 }, { after_seq: 0 }]);
    expect(client.state.current().events.map((e) => e.message)).toEqual(['new one', 'link lost']);
  });
});
