/**
 * `get_spectrum`: the FFT of one scope channel — an input or a math channel — over a record read through
 * the instrument's host (so math channels are there), reduced to the chart's width before the wire. The
 * backend computes it because it holds the whole record: the renderer only ever receives display-decimated
 * waveforms, and shipping full records to it would cost 4 MB per 1M-point channel per update (figures in
 * docs/BENCHMARKS.md, "FFT"). It is computed in the compute pool (SpectrumService), once per record,
 * channel and window whoever asks, so the event loop only routes it. A client asks again when the
 * previous answer has arrived, so a slow spectrum slows its own updates, never the streams.
 */
import { scopeChannelName, scopeChannelNumber } from '../../../shared/analysis/mathChannels.js';
import {
  type ErrorCode,
  type GetSpectrumMessage,
  SPECTRUM_WIDTH_DEFAULT,
} from '../../../shared/protocol/index.js';
import { InlineRunner, SharedRecords, type SpectrumRequest, SpectrumService } from '../../compute/index.js';
import { DriverError } from '../../instruments/index.js';
import { errorCodeOfDriverError, type ParameterCommandContext } from '../instruments/index.js';
import { type SpectrumReplyHead, spectrumReplyFrame } from './spectrumReply.js';

/** A record this young (ms) is analysed as it is, shared with the waveform stream, instead of a new one. */
export const SPECTRUM_RECORD_MAX_AGE_MS = 250;

/**
 * Frequencies and levels go on the wire to 7 significant digits, rounded in the compute pool's worker
 * with the reduction (SpectrumRequest.significantDigits): a string per value, 8,000 for four views, was
 * the event loop's largest garbage per frame.
 */
const SPECTRUM_SIGNIFICANT_DIGITS = 7;

/**
 * The values as a plain array for the reply's JSON. A loop, not Array.from: on a typed array that goes
 * through the iterator, an object and a boxed number per value (~430 kB a frame for four views).
 */
function plainArray(values: Float64Array): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]!;
  return out;
}

/** Spectra computed on the caller's thread: for a server built without the backend's pool (tests). */
let inlineSpectra: SpectrumService | undefined;

export async function handleGetSpectrum(
  ctx: ParameterCommandContext,
  spectra: SpectrumService | undefined,
  message: GetSpectrumMessage,
): Promise<void> {
  const refuse = (code: ErrorCode, text: string, details: Record<string, unknown> = {}): void =>
    ctx.send({ type: 'error', request_id: message.request_id, code, message: text, details });
  const host = ctx.registry.get(message.equipment_id);
  if (host === undefined) {
    return refuse('unknown_equipment', `no instrument "${message.equipment_id}"`, {
      known: ctx.registry.ids(),
    });
  }
  if (host.capabilities().kind !== 'oscilloscope') {
    return refuse(
      'unsupported_instrument',
      `${host.id} is not an oscilloscope: a spectrum needs a scope's records`,
    );
  }
  const channel = scopeChannelNumber(message.channel)!;
  let sample;
  try {
    sample = await host.read(
      'waveform',
      { maxAgeMs: SPECTRUM_RECORD_MAX_AGE_MS, readerId: `spectrum:${ctx.sessionId}:${message.channel}` },
      { timeoutMs: ctx.driverTimeoutMs },
    );
  } catch (err) {
    if (!(err instanceof DriverError)) throw err;
    return refuse(errorCodeOfDriverError(err.code), err.message);
  }
  if (sample.kind !== 'record') {
    const why = sample.kind === 'none' ? sample.reason.replaceAll('_', ' ') : sample.kind;
    return refuse(
      'invalid_state',
      `${host.id} has no record to analyse (${why}); try again once it is acquiring`,
    );
  }
  const { record } = sample;
  const found = record.channels.find((c) => c.channel === channel);
  if (found === undefined) {
    const carried = record.channels.map((c) => scopeChannelName(c.channel)).join(', ');
    const hint = message.channel.startsWith('M') ? 'define it (math settings)' : 'turn it on';
    return refuse(
      'not_found',
      `${message.channel} is not in ${host.id}'s records (they carry ${carried}): ${hint}`,
      {
        channel: message.channel,
      },
    );
  }
  if (found.samples.length < 4) {
    return refuse('invalid_state', `${host.id}'s record has ${found.samples.length} points; an FFT needs 4`);
  }
  const service = spectra ?? (inlineSpectra ??= inlineService());
  const request: SpectrumRequest = {
    source: host.id,
    channel,
    window: message.window,
    widthPx: message.width ?? SPECTRUM_WIDTH_DEFAULT,
    logFrequency: message.log_frequency ?? false,
    significantDigits: SPECTRUM_SIGNIFICANT_DIGITS,
  };
  // A WebSocket session sends the arrays' JSON as the worker made it (spectrumReply.ts); a peer that
  // carries message objects gets the arrays.
  const sendFrame = ctx.sendFrame?.bind(ctx);
  let spectrum;
  try {
    spectrum = await (sendFrame ? service.viewJson(record, request) : service.view(record, request));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    ctx.log.warn(`spectrum of ${host.id} ${message.channel} failed: ${why}`);
    return refuse('internal', `the spectrum of ${message.channel} could not be computed (${why}); ask again`);
  }
  const { peak } = spectrum;
  const head: SpectrumReplyHead = {
    type: 'spectrum',
    request_id: message.request_id,
    equipment_id: host.id,
    channel: message.channel,
    window: message.window,
    timestamp: sample.timestampMs,
    sample_rate: record.sampleRateHz,
    record_length: spectrum.recordLength,
    fft_size: spectrum.fftSize,
    bin_hz: spectrum.binHz,
    ...(peak !== undefined && {
      peak: { frequency_hz: peak.frequencyHz, rms_v: peak.rmsV, dbv: peak.dbv },
    }),
  };
  if ('json' in spectrum) return sendFrame?.(spectrumReplyFrame(head, spectrum.json));
  const { peak: peakField, ...fields } = head;
  ctx.send({
    ...fields,
    frequency_hz: plainArray(spectrum.shown.frequencyHz),
    rms_v: plainArray(spectrum.shown.rmsV),
    ...(peakField !== undefined && { peak: peakField }),
  });
}

function inlineService(): SpectrumService {
  return new SpectrumService({ runner: new InlineRunner(), records: new SharedRecords() });
}
