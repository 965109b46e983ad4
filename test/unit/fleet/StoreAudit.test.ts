import { describe, expect, it } from 'vitest';
import { StoreAudit } from '../../../src-main/fleet/StoreAudit.js';

const send = (audit: StoreAudit, n: number): void => {
  for (let i = 0; i < n; i++) audit.sent();
};

describe('StoreAudit', () => {
  it('counts nothing lost while the stream advances by one per record sent', () => {
    const audit = new StoreAudit(100);
    send(audit, 10);
    audit.stored(110);
    send(audit, 10);
    audit.stored(120);
    expect(audit.failures).toBe(0);
  });

  it('does not blame records the broker has not had a period to store (checked a check later)', () => {
    const audit = new StoreAudit(0);
    send(audit, 10);
    // The answer raced the last records: only 6 stored yet. Not yet due, so not lost.
    audit.stored(6);
    expect(audit.failures).toBe(0);
    audit.stored(10);
    expect(audit.failures).toBe(0);
  });

  it('counts records sent a period ago that the stream never counted', () => {
    const audit = new StoreAudit(50);
    send(audit, 10);
    audit.stored(57);
    send(audit, 5);
    // The 10 are due now; 3 of them never landed (the broker went away with them).
    audit.stored(57);
    expect(audit.failures).toBe(3);
    audit.stored(62);
    expect(audit.failures).toBe(3);
  });

  it('a late answer from a busy broker does not latch a loss that the next answer shows stored', () => {
    const audit = new StoreAudit(0);
    send(audit, 10);
    audit.stored(10);
    send(audit, 10);
    audit.stored(12);
    audit.stored(15);
    expect(audit.failures).toBe(5);
    audit.stored(20);
    expect(audit.failures).toBe(0);
  });

  it('counts a record the connection refused at once, and only once', () => {
    const audit = new StoreAudit(0);
    send(audit, 3);
    audit.refused();
    audit.stored(2);
    audit.stored(2);
    expect(audit.failures).toBe(1);
  });

  it('starts counting afresh when the stream was made again (its sequence went back)', () => {
    const audit = new StoreAudit(1_000);
    send(audit, 10);
    audit.stored(1_008);
    audit.stored(1_008);
    expect(audit.failures).toBe(2);
    audit.stored(0);
    send(audit, 4);
    audit.stored(4);
    audit.stored(4);
    expect(audit.failures).toBe(2);
  });
});
