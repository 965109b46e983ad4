import type { StateCreator } from 'zustand';
import type { ConnectionState, ConnectionStats } from '../connection/ConnectionManager';
import type { ConnectionProblem } from '../connection/connectionProblem';

/** One stream's delivery figures, as the status line shows them. */
export interface LiveStreamStats {
  rateHz: number;
  gaps: number;
  messages: number;
  /**
   * Display-rate streams: whether the records arrive in phase with the display's frames; `following`:
   * out of phase, and another subscriber of the shared stream steers its phase.
   */
  displayLock?: 'locked' | 'locking' | 'following' | 'unsupported';
}

export interface ConnectionSlice {
  connection: {
    state: ConnectionState;
    lastError: string | undefined;
    nextRetryAtMs: number | undefined;
    /** Why it is not connected (connection/connectionProblem.ts); undefined while open. */
    problem: ConnectionProblem | undefined;
    /** When the open connection was lost, ms since the epoch; undefined while open or never connected. */
    disconnectedSinceMs: number | undefined;
    /** host:port of the backend the page connects to. */
    backendAddress: string | undefined;
    /** When the dashboard found the backend restarted (settings at their defaults), until dismissed. */
    backendRestartedAtMs: number | undefined;
    /** Snapshot refreshed at most a few times a second, never per message. */
    stats: ConnectionStats | undefined;
    /** Messages received per second over the last snapshot period. */
    messageRateHz: number;
    /** Per stream (by stream key): delivered rate and sequence gaps, refreshed with the snapshot. */
    streamStats: Record<string, LiveStreamStats>;
  };
  setConnection(patch: Partial<ConnectionSlice['connection']>): void;
}

export const createConnectionSlice: StateCreator<ConnectionSlice, [], [], ConnectionSlice> = (set) => ({
  connection: {
    state: 'connecting',
    lastError: undefined,
    nextRetryAtMs: undefined,
    problem: undefined,
    disconnectedSinceMs: undefined,
    backendAddress: undefined,
    backendRestartedAtMs: undefined,
    stats: undefined,
    messageRateHz: 0,
    streamStats: {},
  },
  setConnection: (patch) => set((s) => ({ connection: { ...s.connection, ...patch } })),
});
