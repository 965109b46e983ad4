/**
 * The add-instrument form's check: the entry `add_instrument` will send, or per field what to change.
 * The shared bench schema gives the format rules (so the form and the backend say the same thing); the
 * dashboard adds what it knows better than a format: an id already on the bench, a driver not offered.
 */
import { benchInstrumentSchema, type BenchInstrument } from '../../../shared/protocol/bench';
import type { InstrumentKind } from '../../../shared/protocol/catalog';
import type { DriverInfo } from '../../../shared/protocol/server';

export interface NewInstrumentDraft {
  id: string;
  label: string;
  driver: string;
}

export type NewInstrumentErrors = Partial<Record<keyof NewInstrumentDraft, string>>;

export type NewInstrumentCheck =
  { ok: true; entry: BenchInstrument } | { ok: false; errors: NewInstrumentErrors };

export function checkNewInstrument(
  draft: NewInstrumentDraft,
  existingIds: readonly string[],
  drivers: readonly DriverInfo[],
): NewInstrumentCheck {
  const errors: NewInstrumentErrors = {};
  const entry = { id: draft.id.trim(), label: draft.label.trim(), driver: draft.driver };
  for (const field of ['id', 'label', 'driver'] as const)
    if (entry[field] === '') errors[field] = 'is required';
  const parsed = benchInstrumentSchema.safeParse(entry);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if ((field === 'id' || field === 'label' || field === 'driver') && errors[field] === undefined)
        errors[field] = issue.message;
    }
  }
  if (errors.id === undefined && existingIds.includes(entry.id))
    errors.id = `"${entry.id}" is already on the bench: choose another id`;
  if (drivers.length === 0) errors.driver = 'this backend offers no drivers to add';
  else if (errors.driver === undefined && !drivers.some((d) => d.name === entry.driver))
    errors.driver = `choose one of ${drivers.map((d) => d.name).join(', ')}`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, entry };
}

/**
 * The drivers the dialog's simulator list offers: only those the backend makes by itself. A network
 * driver needs a host and port, so it is reached by address (its probe picks the driver), never listed.
 */
export function simulatorDrivers(drivers: readonly DriverInfo[]): DriverInfo[] {
  return drivers.filter((d) => d.connection === 'simulated');
}

const ID_PREFIX: Record<InstrumentKind, string> = { power_supply: 'psu', oscilloscope: 'scope' };

/** The first free id of the form `psu_2`, `scope_3` for a driver of that kind. */
export function suggestId(kind: InstrumentKind | undefined, existingIds: readonly string[]): string {
  const prefix = kind === undefined ? 'instrument' : ID_PREFIX[kind];
  for (let n = 1; ; n++) {
    const id = `${prefix}_${n}`;
    if (!existingIds.includes(id)) return id;
  }
}
