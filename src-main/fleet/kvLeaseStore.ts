/**
 * The control lease kept in JetStream key-value (bucket `benchtop_leases`, key: the bench id), so an agent
 * that restarts resumes the lease it had granted, and anyone may watch who holds which bench.
 */
import type { KV } from '@nats-io/kv';
import { type LeaseState, leaseStateSchema } from '../../shared/protocol/index.js';
import type { Logger } from '../util/index.js';
import type { LeaseStore } from './ControlLease.js';

export function kvLeaseStore(kv: KV, bench: string, log: Logger): LeaseStore {
  return {
    async load(): Promise<LeaseState | undefined> {
      const entry = await kv.get(bench);
      if (entry === null || entry.operation !== 'PUT') return undefined;
      let value: unknown;
      try {
        value = entry.json();
      } catch {
        value = undefined;
      }
      const parsed = leaseStateSchema.safeParse(value);
      if (!parsed.success) {
        // Someone wrote the key by hand: start free rather than trust it.
        log.warn(`lease of bench ${bench} in ${kv.constructor.name} is not a lease; starting free`);
        return undefined;
      }
      return { holder: parsed.data.holder, expires_at_ms: parsed.data.expires_at_ms };
    },
    async save(state: LeaseState): Promise<void> {
      await kv.put(bench, JSON.stringify(state));
    },
  };
}
