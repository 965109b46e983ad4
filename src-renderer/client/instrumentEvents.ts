/**
 * Instruments that come, go and change state while the dashboard is open (`event` kinds
 * `instrument_added`, `instrument_removed`, `instrument_state`): the bench's catalog in the store follows
 * them, so panels appear, disappear and grey out in every open dashboard without asking the backend again.
 */
import { z } from 'zod';
import { INSTRUMENT_STATES, type InstrumentInfo } from '../../shared/protocol/catalog';
import type { EventMessage } from '../../shared/protocol/server';
import type { BenchClient } from './BenchClient';

/**
 * The parts of a catalog entry the dashboard relies on before it renders one; the rest is the backend's
 * own contract (shared/protocol/catalog.ts). An entry without them is ignored, not rendered half-built.
 */
const instrumentEntry = z.looseObject({
  id: z.string().min(1),
  kind: z.string(),
  label: z.string(),
  state: z.enum(INSTRUMENT_STATES),
  channels: z.array(z.looseObject({ name: z.string() })),
  streams: z.array(z.looseObject({ stream_type: z.string() })),
  parameters: z.array(z.looseObject({ name: z.string(), type: z.string() })),
});

function entryOf(details: Record<string, unknown> | undefined): InstrumentInfo | undefined {
  const parsed = instrumentEntry.safeParse(details?.instrument);
  return parsed.success ? (parsed.data as unknown as InstrumentInfo) : undefined;
}

/** Takes an instrument event into the bench's state; false for every other kind of event. */
export function takeInstrumentEvent(client: BenchClient, event: EventMessage): boolean {
  switch (event.kind) {
    case 'instrument_added':
    case 'instrument_state': {
      const instrument = entryOf(event.details);
      if (instrument === undefined) return true;
      client.state.upsertInstrument(instrument, event.timestamp);
      // Its settings are readable only while it answers (and its catalog may be new since it came online).
      if (instrument.state === 'online') void client.refreshSettings(instrument.id);
      return true;
    }
    case 'instrument_removed': {
      const id = event.details?.equipment_id ?? event.equipment_id;
      if (typeof id === 'string') client.forgetInstrument(id);
      return true;
    }
    default:
      return false;
  }
}
