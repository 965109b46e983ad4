import type { StateCreator } from 'zustand';
import type { AcquisitionSummary } from '../../shared/protocol/acquisition';

export interface AcquisitionsSlice {
  /** Every acquisition the backend knows, by id, from list_acquisitions, replies and state events. */
  acquisitions: Record<string, AcquisitionSummary>;
  /** The acquisition whose live view / details are shown. */
  selectedAcquisitionId: string | undefined;
  setAcquisitions(list: AcquisitionSummary[]): void;
  upsertAcquisition(summary: AcquisitionSummary): void;
  removeAcquisition(id: string): void;
  selectAcquisition(id: string | undefined): void;
}

export const createAcquisitionsSlice: StateCreator<AcquisitionsSlice, [], [], AcquisitionsSlice> = (set) => ({
  acquisitions: {},
  selectedAcquisitionId: undefined,
  setAcquisitions: (list) =>
    set({ acquisitions: Object.fromEntries(list.map((a) => [a.acquisition_id, a])) }),
  upsertAcquisition: (summary) =>
    set((s) => {
      const current = s.acquisitions[summary.acquisition_id];
      // Replies and events can cross: never let an older summary overwrite a newer one.
      if (current && current.updated_ms > summary.updated_ms) return s;
      return { acquisitions: { ...s.acquisitions, [summary.acquisition_id]: summary } };
    }),
  removeAcquisition: (id) =>
    set((s) => {
      const { [id]: _removed, ...rest } = s.acquisitions;
      return {
        acquisitions: rest,
        selectedAcquisitionId: s.selectedAcquisitionId === id ? undefined : s.selectedAcquisitionId,
      };
    }),
  selectAcquisition: (id) => set({ selectedAcquisitionId: id }),
});
