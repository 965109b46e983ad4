import { describe, expect, it } from 'vitest';
import { ControlLease, memoryLeaseStore } from '../../../src-main/fleet/index.js';

function setup(ttlMs = 3_000) {
  let nowMs = 1_000_000;
  const clock = { nowMs: () => nowMs };
  const store = memoryLeaseStore();
  const lease = new ControlLease({ clock, store, ttlMs });
  return { lease, store, clock, advance: (ms: number) => (nowMs += ms) };
}

describe('ControlLease', () => {
  it('grants a free lease and refuses a second controller, naming the holder', async () => {
    const { lease } = setup();
    expect((await lease.take('alice')).ok).toBe(true);
    const refused = await lease.take('bob');
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.holder).toBe('alice');
    expect(refused.message).toContain('held by alice');
    expect(lease.refusal('bob')?.message).toContain('alice');
    expect(lease.refusal('alice')).toBeUndefined();
  });

  it('refuses control from everyone while the lease is free, with a message saying to take it', () => {
    const { lease } = setup();
    expect(lease.refusal('bob')?.message).toContain('nobody holds');
  });

  it('lapses when the holder stops renewing, and renewals keep it', async () => {
    const { lease, advance } = setup(3_000);
    await lease.take('alice');
    advance(2_000);
    await lease.take('alice');
    advance(2_000);
    expect(lease.current().holder).toBe('alice');
    expect((await lease.take('bob')).ok).toBe(false);
    advance(1_001);
    expect(lease.current().holder).toBeUndefined();
    expect((await lease.take('bob')).ok).toBe(true);
    expect(lease.allows('bob')).toBe(true);
  });

  it('hands over only from the holder, at once', async () => {
    const { lease } = setup();
    await lease.take('alice');
    const stolen = await lease.handOver('mallory', 'mallory');
    expect(stolen.ok).toBe(false);
    const given = await lease.handOver('alice', 'bob');
    expect(given.ok).toBe(true);
    expect(lease.allows('bob')).toBe(true);
    expect(lease.allows('alice')).toBe(false);
  });

  it('release frees it; someone else cannot release it', async () => {
    const { lease } = setup();
    await lease.take('alice');
    expect((await lease.release('bob')).ok).toBe(false);
    expect((await lease.release('alice')).ok).toBe(true);
    expect(lease.current().holder).toBeUndefined();
  });

  it('two takes racing: exactly one wins', async () => {
    const { lease } = setup();
    const [a, b] = await Promise.all([lease.take('alice'), lease.take('bob')]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
  });

  it('a restarted bench resumes the stored lease, and a lapsed one reads free', async () => {
    const { lease, store, clock, advance } = setup();
    await lease.take('alice');
    const again = new ControlLease({ clock, store, ttlMs: 3_000 });
    await again.restore();
    expect(again.current().holder).toBe('alice');
    advance(5_000);
    const later = new ControlLease({ clock, store, ttlMs: 3_000 });
    await later.restore();
    expect(later.current().holder).toBeUndefined();
  });
});
