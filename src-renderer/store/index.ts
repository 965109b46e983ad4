/**
 * The renderer's store: low-rate state only (connection, catalog, streams). High-rate samples live in
 * typed-array buffers under data/, never here.
 */
import { create } from 'zustand';
import { createConnectionSlice, type ConnectionSlice } from './connectionSlice';
import { createInstrumentsSlice, type InstrumentsSlice } from './instrumentsSlice';
import { createStreamsSlice, type StreamEntry, type StreamsSlice } from './streamsSlice';

export type AppState = ConnectionSlice & InstrumentsSlice & StreamsSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createConnectionSlice(...a),
  ...createInstrumentsSlice(...a),
  ...createStreamsSlice(...a),
}));

// Named selectors: components subscribe to exactly what they render.
export const selectConnection = (s: AppState): AppState['connection'] => s.connection;
export const selectInstruments = (s: AppState): AppState['instruments'] => s.instruments;
export const selectStream =
  (key: string) =>
  (s: AppState): StreamEntry | undefined =>
    s.streams[key];
