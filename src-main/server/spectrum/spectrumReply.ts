/**
 * A `spectrum` reply as one WebSocket text message in fragments: its small fields as JSON made here, its
 * two arrays as the JSON text the compute pool's worker made (DisplayShape.json). The text is exactly
 * JSON.stringify's of the whole message (spectrumReply.test.ts), so nothing changes on the wire; what
 * changes is the event loop's garbage per reply, about 67 kB (two number arrays, then the message's JSON
 * string and its builder's parts) against under 1 kB (docs/BENCHMARKS.md, "fft: the reply's text").
 */
import type { SpectrumMessage } from '../../../shared/protocol/index.js';
import type { DisplayJson } from '../../compute/index.js';
import type { FragmentedFrame } from '../streams/index.js';

/** The reply's fields other than its two arrays, as SpectrumMessage has them. */
export type SpectrumReplyHead = Omit<SpectrumMessage, 'frequency_hz' | 'rms_v'>;

/** The reply `head` with `json`'s arrays, in SpectrumMessage's field order, as one text message. */
export function spectrumReplyFrame(head: SpectrumReplyHead, json: DisplayJson): FragmentedFrame {
  const { peak, ...fields } = head;
  // `fields` always holds `type`, so its JSON is `{…}` with at least one member before the arrays.
  const open = JSON.stringify(fields);
  const close = peak === undefined ? '}' : `,"peak":${JSON.stringify(peak)}}`;
  return {
    binary: false,
    parts: [
      Buffer.from(`${open.slice(0, -1)},"frequency_hz":`),
      json.frequencyHz,
      Buffer.from(',"rms_v":'),
      json.rmsV,
      Buffer.from(close),
    ],
  };
}
