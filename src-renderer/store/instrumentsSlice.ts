import type { StateCreator } from 'zustand';
import type { InstrumentInfo } from '../../shared/protocol/catalog';

export interface InstrumentsSlice {
  /** The catalog from `get_info`; undefined until it arrives. */
  instruments: InstrumentInfo[] | undefined;
  setInstruments(instruments: InstrumentInfo[]): void;
}

export const createInstrumentsSlice: StateCreator<InstrumentsSlice, [], [], InstrumentsSlice> = (set) => ({
  instruments: undefined,
  setInstruments: (instruments) => set({ instruments }),
});
