/**
 * FleetBridge's lease renewal against a fake FleetWatcher, with fake timers: a lease this backend released
 * is not taken back by a renewal while the fleet's last presence (from before the release) still names it;
 * a lease handed to it is renewed once a presence says so.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FleetReply, FleetRequest } from '../../../shared/protocol/index.js';
import { type FleetBench, FleetBridge, type FleetWatcher } from '../../../src-main/fleet/index.js';
import { silentLogger } from '../../../src-main/util/index.js';

const ME = 'dashboard-me';

function fakeWatcher() {
  const state: FleetBench = {
    bench: 'rig-1',
    online: true,
    lastSeenMs: 1_000,
    instanceId: 'i-1',
    equipmentIds: ['psu'],
    lease: {},
  };
  const requests: FleetRequest[] = [];
  /** The bench's lease as the bench itself holds it. */
  let holder: string | undefined;
  /** While set, replies wait for `deliverReplies()` (the bench has acted; its answer is on the way). */
  let holdReplies = false;
  let heldReplies: (() => void)[] = [];
  const answer = (reply: FleetReply): Promise<FleetReply> =>
    holdReplies ? new Promise((resolve) => heldReplies.push(() => resolve(reply))) : Promise.resolve(reply);
  const watcher = {
    benches: () => [{ ...state, lease: { ...state.lease } }],
    request: (_bench: string, request: FleetRequest): Promise<FleetReply> => {
      requests.push(request);
      if (request.kind !== 'lease') return Promise.resolve({ kind: 'messages', messages: [] });
      // As ControlLease: take and renew are granted when the lease is free or the asker's.
      if (request.action === 'release' && holder === request.from) holder = undefined;
      else if ((request.action === 'take' || request.action === 'renew') && holder === undefined)
        holder = request.from;
      else if (request.action === 'hand_over' && holder === request.from) holder = request.to;
      return answer({ kind: 'lease', lease: holder === undefined ? {} : { holder } });
    },
  };
  return {
    watcher: watcher as unknown as FleetWatcher,
    requests,
    holder: () => holder,
    /** A presence arriving: the bench's lease as it announces it, seen at `seenMs`. */
    presence(seenMs: number, leaseHolder: string | undefined): void {
      state.lastSeenMs = seenMs;
      state.lease = leaseHolder === undefined ? {} : { holder: leaseHolder };
    },
    handTo(to: string): void {
      holder = to;
    },
    holdReplies(): void {
      holdReplies = true;
    },
    deliverReplies(): void {
      holdReplies = false;
      const deliver = heldReplies;
      heldReplies = [];
      for (const d of deliver) d();
    },
  };
}

describe('FleetBridge lease renewal', () => {
  let fake: ReturnType<typeof fakeWatcher>;
  let bridge: FleetBridge;
  const renewals = () => fake.requests.filter((r) => r.kind === 'lease' && r.action === 'renew').length;

  beforeEach(() => {
    vi.useFakeTimers();
    fake = fakeWatcher();
    bridge = new FleetBridge({ watcher: fake.watcher, controllerId: ME, log: silentLogger });
  });

  afterEach(() => {
    bridge.close();
    vi.useRealTimers();
  });

  it('does not take back a released lease while the last presence, from before the release, names it', async () => {
    // GIVEN this backend took the lease, and the bench's presence says so
    await bridge.lease('rig-1', 'take');
    fake.presence(2_000, ME);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(renewals()).toBe(1);
    // WHEN it releases, and no presence has come since
    await bridge.lease('rig-1', 'release');
    expect(fake.holder()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(3_000);
    // THEN no renewal takes the free lease back
    expect(renewals()).toBe(1);
    expect(fake.holder()).toBeUndefined();
    expect(bridge.held()).toEqual([]);
    // AND once a later presence says the lease is free, nothing changes either
    fake.presence(3_000, undefined);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(renewals()).toBe(1);
  });

  it('does not take back a lease whose release the bench has carried out but not yet answered', async () => {
    // GIVEN this backend holds the lease and renews it
    await bridge.lease('rig-1', 'take');
    fake.presence(2_000, ME);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(renewals()).toBe(1);
    // WHEN it releases, and the renewal timer fires while the bench's answer is still on its way
    fake.holdReplies();
    const released = bridge.lease('rig-1', 'release');
    expect(fake.holder()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1_000);
    fake.deliverReplies();
    await released;
    await vi.advanceTimersByTimeAsync(2_000);
    // THEN no renewal went out after the release, and the lease stays free
    expect(renewals()).toBe(1);
    expect(fake.holder()).toBeUndefined();
    expect(bridge.held()).toEqual([]);
  });

  it('renews a lease handed to it, once a presence after its own release says so', async () => {
    await bridge.lease('rig-1', 'take');
    await bridge.lease('rig-1', 'release');
    // Another controller takes it and hands it to this backend; the bench announces that.
    fake.handTo(ME);
    fake.presence(5_000, ME);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(renewals()).toBe(1);
    expect(bridge.held()).toEqual(['rig-1']);
  });
});
