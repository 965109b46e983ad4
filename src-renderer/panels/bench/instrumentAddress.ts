/**
 * The "By address" path of the add-instrument dialog, as pure functions: the host and port as typed, what
 * a probe's answer or refusal means to a person, and the id and name a found model suggests. The formats are
 * the shared protocol's (`probe_instrument` host and port), so the form refuses what the backend would.
 */
import {
  INSTRUMENT_ID_PATTERN,
  instrumentHostSchema,
  instrumentPortSchema,
  type BenchInstrument,
} from '../../../shared/protocol/bench';
import type { DiscoveredInstrumentInfo, InstrumentProbedMessage } from '../../../shared/protocol/server';
import type { NewInstrumentDraft } from './newInstrument';

export interface AddressDraft {
  host: string;
  /** As typed; a whole number from 1 to 65535 once checked. */
  port: string;
}

export type AddressCheck =
  | { ok: true; host: string; port: number }
  | { ok: false; errors: Partial<Record<keyof AddressDraft, string>> };

/** The address `probe_instrument` and the driver's options will carry, or per field what to change. */
export function checkAddress(draft: AddressDraft): AddressCheck {
  const errors: Partial<Record<keyof AddressDraft, string>> = {};
  const host = draft.host.trim();
  const portText = draft.port.trim();
  if (host === '') errors.host = 'is required';
  else {
    const parsed = instrumentHostSchema.safeParse(host);
    if (!parsed.success) errors.host = parsed.error.issues[0]?.message ?? 'expected a host name or address';
  }
  let port = Number.NaN;
  if (portText === '') errors.port = 'is required';
  else if (!/^\d+$/.test(portText)) errors.port = 'must be a TCP port from 1 to 65535';
  else {
    port = Number(portText);
    const parsed = instrumentPortSchema.safeParse(port);
    if (!parsed.success)
      errors.port = parsed.error.issues[0]?.message ?? 'must be a TCP port from 1 to 65535';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, host, port };
}

/** What the dialog shows after "Identify": the instrument found, or why not (the backend's own words). */
export type ProbeOutcome =
  { kind: 'found'; probe: InstrumentProbedMessage } | { kind: 'refused'; message: string };

/** A refusal of `probe_instrument` as a RequestError carries it. */
export interface ProbeRefusal {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * A refusal of `probe_instrument` as a sentence to act on; the backend's message is kept whole (it names the
 * address already, e.g. "10.0.0.9:5025 refused the connection").
 */
export function describeProbeRefusal(refusal: ProbeRefusal, host: string, port: number): string {
  const { code, message } = refusal;
  switch (code) {
    case 'unsupported_instrument':
      return message;
    case 'instrument_fault': {
      const reason = refusal.details?.reason;
      if (reason === 'disconnected' || reason === 'timeout')
        return `Nothing answered: ${message}. Check the address, that the instrument is on, and that its LAN (raw-socket SCPI) interface is enabled.`;
      return `Could not identify ${host}:${port}: ${message}`;
    }
    case 'not_connected':
      return 'The dashboard is not connected to the backend: wait for it to reconnect, then identify again.';
    case 'timeout':
      return `The backend did not answer in time: ${message}`;
    default:
      return `The backend refused: ${message}`;
  }
}

/** "RIGOL TECHNOLOGIES" → "Rigol": the vendor's first word, as people write it. */
export function shortVendor(vendor: string): string {
  const word = vendor.trim().split(/[\s,]+/)[0] ?? '';
  if (word === '') return '';
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/**
 * The first free id made from the model, e.g. `dp832_1`, `dsox1204g_2`; `instrument_1` when the model has
 * nothing an id can start with.
 */
export function suggestIdFromModel(model: string, existingIds: readonly string[]): string {
  let base = model
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, 50);
  if (base === '' || !INSTRUMENT_ID_PATTERN.test(base)) base = 'instrument';
  for (let n = 1; ; n++) {
    const id = `${base}_${n}`;
    if (!existingIds.includes(id)) return id;
  }
}

/** The name a found instrument is given until someone types another, e.g. "Rigol DP832". */
export function suggestLabel(identity: InstrumentProbedMessage['identity']): string {
  return [shortVendor(identity.vendor), identity.model.trim()]
    .filter((part) => part !== '')
    .join(' ')
    .slice(0, 128);
}

/** One line per discovered instrument, e.g. "RIGOL DP832 — 192.168.1.40:5555". */
export function describeDiscovered(found: DiscoveredInstrumentInfo): string {
  const what =
    found.manufacturer !== undefined || found.model !== undefined
      ? [found.manufacturer, found.model].filter((part) => part !== undefined).join(' ')
      : found.name;
  const port = found.port_announced ? `${found.port}` : `${found.port} (usual port, not announced)`;
  return `${what} — ${found.host}:${port}`;
}

/** The form's starting point for an identified instrument: its driver, and an id and name from its model. */
export function draftFromProbe(
  probe: InstrumentProbedMessage,
  existingIds: readonly string[],
): NewInstrumentDraft {
  return {
    driver: probe.driver,
    id: suggestIdFromModel(probe.identity.model, existingIds),
    label: suggestLabel(probe.identity),
  };
}

/**
 * The `add_instrument` entry for an identified instrument: the id and name as checked, the driver the probe
 * chose and the address it answered at (whatever the form held before, e.g. a simulator's driver).
 */
export function entryFromProbe(checked: BenchInstrument, probe: InstrumentProbedMessage): BenchInstrument {
  return { ...checked, driver: probe.driver, options: { host: probe.host, port: probe.port } };
}
