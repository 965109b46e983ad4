/**
 * `review_acquisition`: a span of a capture at screen resolution, read from disk (docs/PROTOCOL.md,
 * "Capture review"). Sample data goes as JSON numbers, or — asked for with `encoding: "binary"` by a caller
 * that accepted binary frames — as one binary frame with a small JSON header (reviewFrame.ts): the review
 * benchmark measured JSON at 2.48 ms to encode a whole-capture reply against 0.06 ms for float32 blocks.
 */
import type {
  AcquisitionReviewMessage,
  ErrorCode,
  ReviewAcquisitionMessage,
  ServerMessage,
} from '../../../shared/protocol/index.js';
import { encodeReviewFrame } from '../../../shared/codec/reviewFrame.js';
import { AcquisitionError } from '../../acquisition/index.js';
import type { ReviewResult, ReviewService } from '../../review/index.js';
import { toProtocolError } from '../acquisitions/index.js';

/** float32 values as JSON numbers; NaN (a column with no number) as null. */
function toJsonValues(values: Float32Array): (number | null)[] {
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = Number.isNaN(v) ? null : v;
  }
  return out;
}

/** The wire's `acquisition_review` for a service result. */
export function toReviewMessage(result: ReviewResult, requestId?: string | number): AcquisitionReviewMessage {
  const { meta } = result;
  const message: AcquisitionReviewMessage = {
    type: 'acquisition_review',
    acquisition_id: meta.acquisition_id,
    sample_count: result.sampleCount,
    sample_rate_hz: meta.sample_rate_hz,
    running: meta.state === 'running' || meta.state === 'paused',
    from_sample: result.fromSample,
    to_sample: result.toSample,
    kind: result.kind,
    pixels: result.min[0]?.length ?? 0,
    level: result.level,
    channels: result.channelIndexes.map((c, k) => {
      const min = toJsonValues(result.min[k]!);
      return {
        name: meta.channels[c]!.name,
        unit: meta.channels[c]!.unit,
        min,
        max: result.kind === 'samples' ? min : toJsonValues(result.max[k]!),
      };
    }),
    markers: result.markers,
  };
  if (requestId !== undefined) message.request_id = requestId;
  if (meta.t0_ms !== undefined) message.t0_ms = meta.t0_ms;
  return message;
}

/**
 * @param sendFrame sends a binary frame if the caller accepted them (true), else nothing (false); a
 *   reply asked for as binary then goes as JSON.
 */
export async function handleReviewCommand(
  review: ReviewService | undefined,
  message: ReviewAcquisitionMessage,
  send: (message: ServerMessage) => void,
  sendFrame: (frame: ArrayBuffer) => boolean = () => false,
): Promise<void> {
  const requestId = message.request_id;
  const replyError = (code: ErrorCode, text: string, details?: Record<string, unknown>): void =>
    send({
      type: 'error',
      ...(requestId !== undefined && { request_id: requestId }),
      code,
      message: text,
      ...(details && { details }),
    });
  if (review === undefined) return replyError('not_found', 'capture review is not available on this server');
  try {
    const result = await review.review({
      acquisitionId: message.acquisition_id,
      pixels: message.pixels,
      ...(message.channels !== undefined && { channels: message.channels }),
      ...(message.from_sample !== undefined && { fromSample: message.from_sample }),
      ...(message.to_sample !== undefined && { toSample: message.to_sample }),
    });
    const reply = toReviewMessage(result, requestId);
    if (message.encoding === 'binary' && sendFrame(encodeReviewFrame(reply))) return;
    send(reply);
  } catch (err) {
    if (!(err instanceof AcquisitionError)) throw err;
    const error = toProtocolError(err);
    replyError(error.code, error.message, error.details);
  }
}
