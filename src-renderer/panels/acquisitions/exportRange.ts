/**
 * The export dialog's time range: seconds on the export's own time axis (`time_s`, from sample 0, jumping
 * forward across a pause as the exported files do), and the checks on what the user typed.
 *
 * The end is given as text rounded *up* at a precision that resolves one sample period, and the same text is
 * both the default "To" and the largest one accepted. Rounded to a fixed 6 decimals instead, the default of
 * a 10 MSa/s capture stopped by hand (27,228,677 samples: 2.7228677 s) read 2.722868, a little past the
 * end, and the dialog refused its own default.
 */
import type { AcquisitionSummary } from '../../../shared/protocol/acquisition';

export type CaptureTiming = Pick<AcquisitionSummary, 'sample_rate' | 'flushed' | 't0_ms' | 'segments'>;

/** Decimal places that resolve one sample period at `sampleRateHz`: 3 (ms) up to 1 kHz, 7 at 10 MHz, at most 9. */
export function rangeDecimals(sampleRateHz: number): number {
  return Math.min(9, Math.max(3, Math.ceil(Math.log10(sampleRateHz) - 1e-9)));
}

/**
 * Seconds from sample 0 to just past the last sample on disk. Each run after a pause starts at its own
 * wall-clock time (kept to whole microseconds, as the export's time axis keeps it), so a paused capture
 * ends later than samples / rate.
 */
export function captureEndS(capture: CaptureTiming): number {
  const t0Ms = capture.t0_ms ?? capture.segments[0]?.t0_ms ?? 0;
  // The run holding the last sample: the latest to start before it.
  let last = { firstSample: 0, startS: 0 };
  for (const segment of capture.segments) {
    if (segment.first_sample >= capture.flushed || segment.first_sample < last.firstSample) continue;
    last = { firstSample: segment.first_sample, startS: Math.round((segment.t0_ms - t0Ms) * 1000) / 1e6 };
  }
  return last.startS + (capture.flushed - last.firstSample) / capture.sample_rate;
}

/** The end of the capture as the dialog shows it: rounded up, so exporting up to it exports every sample. */
export function captureEndText(capture: CaptureTiming): string {
  const decimals = rangeDecimals(capture.sample_rate);
  const scaled = captureEndS(capture) * 10 ** decimals;
  // Slack for the float product (27228677 can come out as 27228677.000000004), relative for long captures.
  const ticks = Math.ceil(scaled - (1e-6 + Math.abs(scaled) * 1e-12));
  return (ticks / 10 ** decimals).toFixed(decimals);
}

export type RangeCheck = { ok: true; startS: number; endS: number } | { ok: false; problem: string };

function seconds(text: string): number | undefined {
  const trimmed = text.trim();
  const value = Number(trimmed);
  return trimmed === '' || !Number.isFinite(value) ? undefined : value;
}

/**
 * Checks the typed range against a capture ending at `endText` (captureEndText). Problems are sentences for
 * the user, naming the field and the figure that would be accepted.
 */
export function checkExportRange(startText: string, endText: string, captureEnd: string): RangeCheck {
  const endOfCaptureS = Number(captureEnd);
  const startS = seconds(startText);
  if (startS === undefined)
    return { ok: false, problem: 'From must be a number of seconds, such as 0 or 1.5.' };
  if (startS < 0) return { ok: false, problem: 'From must be 0 s or later.' };
  if (startS >= endOfCaptureS) {
    return { ok: false, problem: `From must be before the end of the capture, ${captureEnd} s.` };
  }
  const endS = seconds(endText);
  if (endS === undefined) {
    return {
      ok: false,
      problem: `To must be a number of seconds, up to ${captureEnd} (the end of the capture).`,
    };
  }
  if (endS <= startS) return { ok: false, problem: `To must be after From (${startText.trim()} s).` };
  if (endS > endOfCaptureS) {
    return { ok: false, problem: `To must be at most ${captureEnd} s, the end of the capture.` };
  }
  return { ok: true, startS, endS };
}
