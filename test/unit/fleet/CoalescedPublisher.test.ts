import type { MsgHdrs, NatsConnection, PublishOptions } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { CoalescedPublisher } from '../../../src-main/fleet/CoalescedPublisher.js';

/** The one method the publisher uses, recording what reaches the client and in which task. */
function fakeConnection(refuse?: (subject: string) => boolean): {
  nc: NatsConnection;
  published: { subject: string; data: string; headers: MsgHdrs | undefined; task: number }[];
  nextTask(): void;
} {
  let task = 0;
  const published: { subject: string; data: string; headers: MsgHdrs | undefined; task: number }[] = [];
  const nc = {
    publish(subject: string, data: string | Uint8Array, options?: PublishOptions): void {
      if (refuse?.(subject)) throw new Error(`refused ${subject}`);
      published.push({ subject, data: String(data), headers: options?.headers, task });
    },
  } as unknown as NatsConnection;
  return { nc, published, nextTask: () => task++ };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('CoalescedPublisher', () => {
  it('hands what several tasks of one turn published to the client together, in order', async () => {
    const { nc, published, nextTask } = fakeConnection();
    const out = CoalescedPublisher.of(nc);
    // Three sampling callbacks of one turn, each its own task. Immediates queued together run in one check
    // phase, and the publisher's own, queued from the first of them, in the next: the same order the
    // agent's timers have when they are due together — which timers cannot promise a test (a loaded
    // machine let one of three setTimeout(0)s fall into the next turn, after the write: CI, 2026-12-07).
    await new Promise<void>((resolve) => {
      let fired = 0;
      for (const subject of ['a', 'b', 'c']) {
        setImmediate(() => {
          out.publish(subject, `${subject}1`);
          out.publish(subject, `${subject}2`);
          nextTask();
          if (++fired === 3) resolve();
        });
      }
    });
    // Nothing went out per task.
    expect(published).toEqual([]);
    await turn();
    expect(published.map((p) => p.data)).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'c2']);
    expect(new Set(published.map((p) => p.task)).size).toBe(1);
  });

  it("is one per connection, and keeps a message's headers", async () => {
    const { nc, published } = fakeConnection();
    expect(CoalescedPublisher.of(nc)).toBe(CoalescedPublisher.of(nc));
    const headers = { get: () => 'x' } as unknown as MsgHdrs;
    CoalescedPublisher.of(nc).publish('h', 'with', headers);
    await turn();
    expect(published[0]?.headers).toBe(headers);
  });

  it('tells the sender of a refused message and still sends the rest', async () => {
    const { nc, published } = fakeConnection((subject) => subject === 'big');
    const out = CoalescedPublisher.of(nc);
    const refused: string[] = [];
    out.publish('ok1', '1');
    out.publish('big', '2', undefined, (err) => refused.push(err.message));
    out.publish('ok2', '3');
    await turn();
    expect(refused).toEqual(['refused big']);
    expect(published.map((p) => p.subject)).toEqual(['ok1', 'ok2']);
  });

  it('flush() hands the queue over at once (an agent closing)', () => {
    const { nc, published } = fakeConnection();
    const out = CoalescedPublisher.of(nc);
    out.publish('x', '1');
    out.flush();
    expect(published.map((p) => p.data)).toEqual(['1']);
  });
});
