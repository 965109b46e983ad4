/**
 * Acquisition ids name folders on disk and arrive in socket messages, so they are generated here and
 * checked against a strict pattern on every lookup: nothing that is not `acq_` + 12 hex digits ever reaches
 * a path join, which rules out traversal (`../`), separators, NUL bytes and overlong names.
 */
import { randomBytes } from 'node:crypto';
import { AcquisitionError } from './AcquisitionError.js';

/** `acq_` followed by 12 lowercase hex digits (48 random bits). */
export const ACQUISITION_ID_PATTERN = /^acq_[0-9a-f]{12}$/;

/** A fresh random id. Collisions are possible in principle, so the store creates folders exclusively. */
export function newAcquisitionId(): string {
  return `acq_${randomBytes(6).toString('hex')}`;
}

export function isAcquisitionId(value: unknown): value is string {
  return typeof value === 'string' && ACQUISITION_ID_PATTERN.test(value);
}

/** Returns the id unchanged, or throws AcquisitionError('invalid_id') without echoing more than a prefix. */
export function assertAcquisitionId(value: unknown): string {
  if (isAcquisitionId(value)) return value;
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 32)) : typeof value;
  throw new AcquisitionError(
    'invalid_id',
    `invalid acquisition id ${shown}: expected "acq_" and 12 hex digits`,
  );
}
