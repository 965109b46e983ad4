/**
 * JSON export, for small selections (planExport refuses more than MAX_JSON_NUMBERS numbers):
 *
 *   {"provenance": {...},
 *    "channels": [{"name": "CH1", "unit": "V"}, ...],
 *    "time_s": [0.000000, 0.000001, ...],
 *    "values": {"CH1": [...], ...}}
 *
 * Column-oriented, so `pandas.DataFrame({"time_s": d["time_s"], **d["values"]})` or `numpy.array(...)`
 * take it as it is. NaN and ±Infinity, which JSON cannot express, are `null`; -0 is `-0.0` (a float to
 * Python, whose json module reads `-0` as the integer 0). Values have 9 significant
 * digits (float32 round-trips); time_s the fixed decimals of the CSV export. Written one column at a time,
 * one chunk at a time, so memory stays at a chunk even at the limit.
 */
import {
  chunkSamplesFor,
  FRAME_CHUNK_BYTES,
  frameChunks,
  MAX_FIXED_CHARS,
  MAX_FLOAT32_CHARS,
  type StreamWriterContext,
  TextBuffer,
  TimeTicks,
} from '../common/index.js';

const encoder = new TextEncoder();

export async function writeJson(ctx: StreamWriterContext): Promise<void> {
  const { plan, reader, file } = ctx;
  const n = plan.sampleCount;
  const chunkSamples = Math.max(1, Math.min(chunkSamplesFor(plan.frameWidth, FRAME_CHUNK_BYTES), n));
  // Slack for the channel key written into the same buffer (64 characters, each up to a 6-byte escape).
  const out = new TextBuffer(chunkSamples * (Math.max(MAX_FIXED_CHARS, MAX_FLOAT32_CHARS) + 1) + 1024);
  const columns = plan.channels.length + 1;
  let done = 0;
  const flush = async (): Promise<void> => {
    await file.write(out.written());
    out.reset();
    ctx.progress(done / Math.max(1, n * columns));
  };

  const head = {
    provenance: ctx.provenance,
    channels: plan.channels.map((c) => ({ name: c.name, unit: c.unit })),
  };
  const headText = JSON.stringify(head, null, 1);
  await file.write(encoder.encode(`${headText.slice(0, -2)},\n"time_s":[`));

  const ticks = new TimeTicks(plan.axis, plan.timeDecimals);
  for (let first = plan.fromSample; first < plan.toSample; first += chunkSamples) {
    ctx.checkCancelled();
    const count = Math.min(chunkSamples, plan.toSample - first);
    let segment = ticks.segmentAt(first);
    for (let i = 0; i < count; i++) {
      const sample = first + i;
      if (sample >= segment.end) segment = ticks.segmentAt(sample);
      if (sample > plan.fromSample) out.byte(44);
      out.fixed(ticks.ticksOf(segment.index, sample), ticks.decimals);
    }
    out.byte(10);
    done += count;
    await flush();
  }
  out.ascii('],\n"values":{');

  for (const [c, channel] of plan.channels.entries()) {
    out.raw(encoder.encode(`${c > 0 ? ',\n' : '\n'}${JSON.stringify(channel.name)}:[`));
    for await (const chunk of frameChunks(reader, plan.fromSample, plan.toSample, chunkSamples)) {
      ctx.checkCancelled();
      const { frames, count, firstSample } = chunk;
      for (let i = 0, at = channel.frameIndex; i < count; i++, at += plan.frameWidth) {
        if (firstSample + i > plan.fromSample) out.byte(44);
        const v = frames[at]!;
        if (!Number.isFinite(v)) out.ascii('null');
        else if (v === 0 && 1 / v < 0)
          out.ascii('-0.0'); // "-0" is an integer to Python: the sign would go
        else out.float32(v);
      }
      out.byte(10);
      done += count;
      await flush();
    }
    out.byte(93); // ]
  }
  out.ascii('}}\n');
  await flush();
}
