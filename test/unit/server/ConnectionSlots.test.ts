import { describe, expect, it } from 'vitest';
import {
  ConnectionSlots,
  type SessionEvent,
  type SlotHolder,
} from '../../../src-main/server/admission/ConnectionSlots.js';
import { CloseCode } from '../../../shared/protocol/index.js';

/** A session stand-in that releases its place when closed, as ClientSession does. */
class FakeSession implements SlotHolder {
  closedWith: { code: number; reason: string } | undefined;
  constructor(
    readonly id: string,
    private readonly slots: ConnectionSlots<FakeSession>,
  ) {}
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
    this.slots.release(this);
  }
}

function setUp(maxClients: number, maxPending: number) {
  const slots = new ConnectionSlots<FakeSession>({ maxClients, maxPending });
  const events: SessionEvent[] = [];
  slots.events.on((e) => events.push(e));
  const session = (id: string): FakeSession => new FakeSession(id, slots);
  const arrive = (id: string): FakeSession => {
    const s = session(id);
    slots.makeRoomForPending();
    slots.addPending(s);
    return s;
  };
  return { slots, events, session, arrive };
}

describe('ConnectionSlots', () => {
  it('displaces the longest-waiting pending connection, with 4429, when its cap is full', () => {
    const { slots, arrive } = setUp(64, 3);
    const [a, b, c] = [arrive('a'), arrive('b'), arrive('c')];
    const d = arrive('d');
    expect(a.closedWith).toEqual({
      code: CloseCode.tryAgainLater,
      reason: 'too many connections awaiting hello',
    });
    expect([b, c, d].map((s) => s.closedWith)).toEqual([undefined, undefined, undefined]);
    expect(slots.pendingCount).toBe(3);
    arrive('e');
    expect(b.closedWith?.code).toBe(CloseCode.tryAgainLater);
    expect(c.closedWith).toBeUndefined();
  });

  it('keeps pending connections out of the client count, and clients out of the pending cap', () => {
    const { slots, arrive, session } = setUp(2, 2);
    const waiting = [arrive('p1'), arrive('p2')];
    expect(slots.admit(session('u1'))).toBe(true);
    expect(slots.admit(session('u2'))).toBe(true);
    expect(slots.hasClientSlot()).toBe(false);
    expect(slots.admit(waiting[0]!)).toBe(false); // a hello that proves the token still needs a client place
    expect(slots.pendingCount).toBe(2);
    expect(waiting.map((s) => s.closedWith)).toEqual([undefined, undefined]);
  });

  it('moves an admitted session from pending to clients, and reports clients coming and going', () => {
    const { slots, events, arrive } = setUp(64, 16);
    const s = arrive('s');
    arrive('never-says-hello');
    expect(slots.admit(s)).toBe(true);
    expect(slots.pendingCount).toBe(1);
    expect(slots.authenticatedCount).toBe(1);
    slots.release(s);
    slots.release(s);
    s.close(1000, 'again');
    expect(events).toEqual([
      { kind: 'authenticated', sessionId: 's' },
      { kind: 'ended', sessionId: 's' },
    ]);
    expect(slots.authenticatedCount).toBe(0);
  });
});
