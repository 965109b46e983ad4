import type { StateCreator } from 'zustand';
import type { EventMessage } from '../../shared/protocol/server';

/** Events kept for the log; older ones fall off (the backend log keeps everything). */
export const MAX_EVENTS = 500;

export interface LoggedEvent extends Omit<EventMessage, 'type'> {
  id: number;
}

export interface EventsSlice {
  events: LoggedEvent[];
  unreadEvents: number;
  addEvent(event: EventMessage): void;
  markEventsRead(): void;
}

let nextId = 1;

export const createEventsSlice: StateCreator<EventsSlice, [], [], EventsSlice> = (set) => ({
  events: [],
  unreadEvents: 0,
  addEvent: ({ type: _type, ...event }) =>
    set((s) => ({
      events: [...s.events.slice(-(MAX_EVENTS - 1)), { ...event, id: nextId++ }],
      unreadEvents: s.unreadEvents + 1,
    })),
  markEventsRead: () => set({ unreadEvents: 0 }),
});
