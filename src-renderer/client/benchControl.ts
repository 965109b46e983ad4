/**
 * What a bench reached another way than its own WebSocket may limit: who may change its settings (a fleet
 * bench's control lease) and which features its transport cannot carry. A direct bench has neither, so
 * every panel works as it always did; panels ask through `useControlBlocked` / `useUnavailable`.
 */
import { useContext, useSyncExternalStore } from 'react';
import { BenchContext } from './BenchContext';

/** The control lease of a bench shared by several dashboards, as one dashboard sees it. */
export interface LeaseView {
  /** The controller holding it; undefined when nobody does. */
  holder: string | undefined;
  /** Whether that is this dashboard. */
  ours: boolean;
  /** Why the last lease action failed (the bench's words); undefined after one that worked. */
  error: string | undefined;
}

export interface BenchControl {
  view(): LeaseView;
  subscribe(listener: () => void): () => void;
  take(): Promise<void>;
  release(): Promise<void>;
}

/** Features a transport cannot carry, each with the sentence a panel shows in place of its button. */
export interface BenchLimits {
  /** Capture downloads, exports and live views of captures (they need the bench's own HTTP/WebSocket). */
  downloads?: string;
  /**
   * What to do when the bench is out of reach, in place of a direct bench's advice (start its backend
   * again): a fleet bench is an agent on another PC, reached through this dashboard's backend.
   */
  outageAdvice?: string;
}

const NO_LEASE: LeaseView = { holder: undefined, ours: true, error: undefined };
const noSubscription = (): (() => void) => () => undefined;

/** Why this dashboard may not change the bench's settings now (its holder named); undefined when it may. */
export function controlBlockedReason(lease: LeaseView): string | undefined {
  if (lease.ours) return undefined;
  return lease.holder === undefined
    ? 'Take control of this bench to change its settings'
    : `Controlled by ${lease.holder}: take control to change settings`;
}

/** The lease of the surrounding bench; a direct bench (or none) is always ours. */
export function useLease(): LeaseView {
  const control = useContext(BenchContext)?.control;
  return useSyncExternalStore(
    control ? (l) => control.subscribe(l) : noSubscription,
    () => control?.view() ?? NO_LEASE,
  );
}

/** Why the controls of the surrounding bench are disabled now; undefined when they are not. */
export function useControlBlocked(): string | undefined {
  return controlBlockedReason(useLease());
}

/** What the surrounding bench's transport cannot carry. */
export function useUnavailable(): BenchLimits {
  return useContext(BenchContext)?.limits ?? NO_LIMITS;
}

const NO_LIMITS: BenchLimits = {};
