/**
 * The fleet's NATS subject tree (docs/PROTOCOL.md, "Fleet over NATS"). Every subject of one bench sits
 * under `benchtop.bench.<bench>.`, so a broker grants a bench agent exactly its own subtree.
 */

/** Root of every Benchtop subject. */
export const SUBJECT_ROOT = 'benchtop.bench';

/** Key-value bucket holding each bench's control lease (key: the bench id). */
export const LEASE_BUCKET = 'benchtop_leases';

/**
 * Bench and equipment ids become subject tokens: letters, digits, `_` and `-` only (no `.`, `*`, `>` or
 * spaces, which NATS gives meaning), at most 64 characters.
 */
export const SUBJECT_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

export function isSubjectToken(text: string): boolean {
  return SUBJECT_TOKEN.test(text);
}

/** The subjects of one bench. */
export function benchSubjects(bench: string): {
  /** Request/reply: one protocol command (or a lease request) per request. */
  control: string;
  /** Core NATS, once a second: the bench is alive (not kept in history). */
  presence: string;
  /** Per instrument: power-supply channel readings. */
  readings(equipmentId: string): string;
  /** Per instrument: oscilloscope measurements. */
  measurements(equipmentId: string): string;
  /** Backend events of the bench. */
  events: string;
  /** Per instrument and channel: display-decimated waveforms (core NATS, not kept in history). */
  waveform(equipmentId: string, channel: number): string;
  /** Every waveform of the bench, for a subscriber. */
  waveforms: string;
  /** What the history stream keeps: readings, measurements and events. */
  history: string[];
} {
  if (!isSubjectToken(bench)) throw new Error(`bench id "${bench}" is not a subject token`);
  const base = `${SUBJECT_ROOT}.${bench}`;
  return {
    control: `${base}.control`,
    presence: `${base}.presence`,
    readings: (id) => `${base}.readings.${id}`,
    measurements: (id) => `${base}.measurements.${id}`,
    events: `${base}.events`,
    waveform: (id, channel) => `${base}.waveform.${id}.${channel}`,
    waveforms: `${base}.waveform.>`,
    history: [`${base}.readings.>`, `${base}.measurements.>`, `${base}.events`],
  };
}

/** Presence of every bench, for a dashboard backend's subscription. */
export const ALL_PRESENCE = `${SUBJECT_ROOT}.*.presence`;

/** The JetStream stream keeping one bench's history. */
export function historyStreamName(bench: string): string {
  return `BENCHTOP_${bench}`;
}
