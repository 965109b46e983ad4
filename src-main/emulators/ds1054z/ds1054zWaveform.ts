/**
 * `:WAVeform` reads of an emulated DS1000Z: the 10-field preamble and the `:WAV:DATA?` payload for the
 * source, mode, format and the `:WAV:STAR`…`:WAV:STOP` window, with the guide's limits — screen records of
 * 1,200 points (NORMal and MAXimum while running), the memory record (RAW) only while stopped, and at most
 * 250,000 points a read in BYTE format (125,000 in WORD, 15,625 in ASCii).
 */
import {
  DS1000Z_CODES_PER_DIV,
  DS1000Z_HORIZONTAL_DIVISIONS,
  DS1000Z_MAX_BYTE_WINDOW,
  DS1000Z_SCREEN_POINTS,
  DS1000Z_Y_REFERENCE,
} from '../../instruments/index.js';
import { encodeBytes } from '../scope/ScopeFrontEnd.js';
import { scpiError, formatE } from '../scope/scpiText.js';
import type { Ds1054zState } from './Ds1054zState.js';

export type WaveformMode = 'NORM' | 'MAX' | 'RAW';
export type WaveformFormat = 'WORD' | 'BYTE' | 'ASC';

export interface WaveformSettings {
  /** 1-based channel. */
  source: number;
  mode: WaveformMode;
  format: WaveformFormat;
  /** 1-based first and last point of the window. */
  start: number;
  stop: number;
}

const FORMAT_CODES: Record<WaveformFormat, number> = { WORD: 0, BYTE: 1, ASC: 2 };
const MODE_CODES: Record<WaveformMode, number> = { NORM: 0, MAX: 1, RAW: 2 };
const MAX_WINDOW: Record<WaveformFormat, number> = {
  BYTE: DS1000Z_MAX_BYTE_WINDOW,
  WORD: DS1000Z_MAX_BYTE_WINDOW / 2,
  ASC: 15_625,
};

export function defaultWaveformSettings(): WaveformSettings {
  return { source: 1, mode: 'NORM', format: 'BYTE', start: 1, stop: DS1000Z_SCREEN_POINTS };
}

/** The record a read would come from, with its point spacing and the ADC scale of the source. */
interface ReadSource {
  samples: Float32Array;
  /** Points of the whole record as read (1,200 for the screen). */
  points: number;
  /** Index step into `samples` per point (decimation of a frozen record for the screen). */
  stride: number;
  xIncrementS: number;
  xOriginS: number;
}

export function yIncrementV(state: Ds1054zState, channel: number): number {
  return state.channels[channel - 1]!.voltsPerDiv / DS1000Z_CODES_PER_DIV;
}

/** MAXimum reads the screen while running and the memory while stopped, as the guide says. */
function readsMemory(state: Ds1054zState, wave: WaveformSettings): boolean {
  return wave.mode === 'RAW' || (wave.mode === 'MAX' && !state.running);
}

function readSource(state: Ds1054zState, wave: WaveformSettings): ReadSource | undefined {
  if (readsMemory(state, wave)) {
    const held = state.held;
    if (!held) return undefined;
    const xIncrementS = (DS1000Z_HORIZONTAL_DIVISIONS * held.timebaseS) / held.points;
    const channel = held.acquisition.record.channels.find((c) => c.channel === wave.source);
    if (!channel) return undefined;
    return {
      samples: channel.samples,
      points: held.points,
      stride: 1,
      xIncrementS,
      xOriginS: held.acquisition.record.x0S,
    };
  }
  const screen = state.screenCapture();
  if (!screen) return undefined;
  const channel = screen.acquisition.record.channels.find((c) => c.channel === wave.source);
  if (!channel) return undefined;
  return {
    samples: channel.samples,
    points: DS1000Z_SCREEN_POINTS,
    stride: screen.stride,
    xIncrementS: (DS1000Z_HORIZONTAL_DIVISIONS * screen.timebaseS) / DS1000Z_SCREEN_POINTS,
    xOriginS: screen.acquisition.record.x0S,
  };
}

/** Points of the record in the current mode (what the preamble's `points` field reports). */
function recordPoints(state: Ds1054zState, wave: WaveformSettings): number {
  return readsMemory(state, wave) ? (state.held?.points ?? state.depthPoints) : DS1000Z_SCREEN_POINTS;
}

/** `:WAV:PRE?`: format,type,points,count,xincrement,xorigin,xreference,yincrement,yorigin,yreference. */
export function preamble(state: Ds1054zState, wave: WaveformSettings): string {
  const source = readSource(state, wave);
  const points = recordPoints(state, wave);
  const xIncrementS =
    source?.xIncrementS ?? (DS1000Z_HORIZONTAL_DIVISIONS * state.timebaseS) / DS1000Z_SCREEN_POINTS;
  const xOriginS = source?.xOriginS ?? -(DS1000Z_HORIZONTAL_DIVISIONS / 2) * state.timebaseS;
  const yInc = yIncrementV(state, wave.source);
  const yOrigin = state.channels[wave.source - 1]!.offsetV / yInc;
  return [
    FORMAT_CODES[wave.format],
    MODE_CODES[wave.mode],
    points,
    1,
    formatE(xIncrementS),
    formatE(xOriginS),
    0,
    formatE(yInc),
    formatE(yOrigin),
    DS1000Z_Y_REFERENCE,
  ].join(',');
}

/**
 * The payload of `:WAV:DATA?` (the caller frames it as a block). Refusals are the instrument's errors:
 * RAW while running (-221), a window past the record or wider than one read allows (-222), a source that
 * is off or never captured (-221).
 */
export function waveformData(state: Ds1054zState, wave: WaveformSettings): Uint8Array {
  if (wave.mode === 'RAW' && state.running) {
    throw scpiError(-221, 'Settings conflict; RAW data can only be read while stopped');
  }
  const source = readSource(state, wave);
  if (!source) throw scpiError(-221, 'Settings conflict; source channel has no waveform');
  const last = Math.min(wave.stop, source.points);
  if (wave.start > last) throw scpiError(-222, 'Data out of range');
  const count = last - wave.start + 1;
  if (count > MAX_WINDOW[wave.format]) throw scpiError(-222, 'Data out of range');
  const yInc = yIncrementV(state, wave.source);
  const from = wave.start - 1;
  let bytes: Uint8Array;
  if (source.stride === 1) {
    bytes = encodeBytes(source.samples, yInc, DS1000Z_Y_REFERENCE, from, from + count);
  } else {
    const picked = new Float32Array(count);
    for (let i = 0; i < count; i++) picked[i] = source.samples[Math.floor((from + i) * source.stride)]!;
    bytes = encodeBytes(picked, yInc, DS1000Z_Y_REFERENCE);
  }
  if (wave.format === 'BYTE') return bytes;
  if (wave.format === 'WORD') {
    // Two bytes a point, low byte first; only the low byte carries data (an 8-bit ADC).
    const words = new Uint8Array(2 * count);
    for (let i = 0; i < count; i++) words[2 * i] = bytes[i]!;
    return words;
  }
  const offsetV = state.channels[wave.source - 1]!.offsetV;
  const values = Array.from(bytes, (b) => formatE((b - DS1000Z_Y_REFERENCE) * yInc - offsetV));
  return Buffer.from(values.join(','), 'ascii');
}
