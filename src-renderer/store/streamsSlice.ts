import type { StateCreator } from 'zustand';

export type StreamStatus = 'starting' | 'running' | 'stopping' | 'stopped' | 'error';

export interface StreamEntry {
  status: StreamStatus;
  intervalMs: number | undefined;
  streamId: number | undefined;
  error: string | undefined;
}

export interface StreamsSlice {
  /** Keyed by streamKey(): equipment/stream_type/channel. */
  streams: Record<string, StreamEntry>;
  setStream(key: string, patch: Partial<StreamEntry>): void;
}

const EMPTY: StreamEntry = {
  status: 'stopped',
  intervalMs: undefined,
  streamId: undefined,
  error: undefined,
};

export const createStreamsSlice: StateCreator<StreamsSlice, [], [], StreamsSlice> = (set) => ({
  streams: {},
  setStream: (key, patch) =>
    set((s) => ({ streams: { ...s.streams, [key]: { ...EMPTY, ...s.streams[key], ...patch } } })),
});
