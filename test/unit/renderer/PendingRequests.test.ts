/**
 * Request/reply correlation (src-renderer/connection/PendingRequests.ts) on fake timers: ids, replies and
 * errors matched by `request_id`, refusals, the connection's loss, timeouts, and nothing settled twice.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerMessage } from '../../../shared/protocol/server';
import { RequestError } from '../../../src-renderer/connection/connectionTypes';
import { PendingRequests } from '../../../src-renderer/connection/PendingRequests';

const pong = (requestId: number): ServerMessage => ({ type: 'pong', request_id: requestId }) as ServerMessage;

describe('PendingRequests', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  /** Adds a request and returns its id (as sent) and its reply. */
  function add(pending: PendingRequests, timeoutMs = 1_000): { id: number; reply: Promise<ServerMessage> } {
    let id = -1;
    const reply = pending.add('ping', timeoutMs, (requestId) => {
      id = requestId;
    });
    return { id, reply };
  }

  it('numbers requests from 1 and resolves each with the reply that echoes its id', async () => {
    const pending = new PendingRequests();
    const first = add(pending);
    const second = add(pending);
    expect([first.id, second.id]).toEqual([1, 2]);
    pending.settle(pong(2));
    pending.settle(pong(1));
    await expect(first.reply).resolves.toEqual(pong(1));
    await expect(second.reply).resolves.toEqual(pong(2));
  });

  it('rejects with the error reply’s code, message and details', async () => {
    const pending = new PendingRequests();
    const { id, reply } = add(pending);
    pending.settle({
      type: 'error',
      request_id: id,
      code: 'unknown_equipment',
      message: 'no scope_9',
      details: { equipment_id: 'scope_9' },
    } as ServerMessage);
    const error = await reply.catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({
      code: 'unknown_equipment',
      message: 'no scope_9',
      details: { equipment_id: 'scope_9' },
    });
  });

  it('ignores messages without a pending id, and a second reply to a settled one', async () => {
    const pending = new PendingRequests();
    const { id, reply } = add(pending);
    pending.settle({ type: 'pong' } as ServerMessage);
    pending.settle(pong(id + 1));
    pending.settle(pong(id));
    pending.settle({ type: 'error', request_id: id, code: 'not_found', message: 'late' } as ServerMessage);
    await expect(reply).resolves.toEqual(pong(id));
  });

  it('refuses one request with the error given, leaving the others pending', async () => {
    const pending = new PendingRequests();
    const refused = add(pending);
    const other = add(pending);
    pending.refuse(refused.id, new RequestError('bad_frame', 'review reply refused: bad magic'));
    pending.refuse(99, new RequestError('bad_frame', 'nobody asked'));
    await expect(refused.reply).rejects.toMatchObject({ code: 'bad_frame' });
    pending.settle(pong(other.id));
    await expect(other.reply).resolves.toEqual(pong(other.id));
  });

  it('fails every pending request with not_connected and the reason', async () => {
    const pending = new PendingRequests();
    const replies = [add(pending).reply, add(pending).reply];
    pending.failAll('connection closed');
    for (const reply of replies)
      await expect(reply).rejects.toMatchObject({ code: 'not_connected', message: 'connection closed' });
  });

  it('rejects with timeout after timeoutMs, not before', async () => {
    const pending = new PendingRequests();
    const { reply } = add(pending, 500);
    let outcome: unknown;
    reply.then(
      (message) => (outcome = message),
      (err: unknown) => (outcome = err),
    );
    await vi.advanceTimersByTimeAsync(499);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toBeInstanceOf(RequestError);
    expect(outcome).toMatchObject({ code: 'timeout', message: 'ping got no reply within 500 ms' });
  });

  it('clears a settled request’s timer', async () => {
    const pending = new PendingRequests();
    const { id, reply } = add(pending, 500);
    pending.settle(pong(id));
    await expect(reply).resolves.toEqual(pong(id));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with what send throws', async () => {
    const pending = new PendingRequests();
    const reply = pending.add('ping', 500, () => {
      throw new Error('socket gone');
    });
    await expect(reply).rejects.toThrow('socket gone');
    // Nothing is left pending: no timer, and a reply echoing its id settles nothing.
    expect(vi.getTimerCount()).toBe(0);
    pending.settle(pong(1));
  });
});
