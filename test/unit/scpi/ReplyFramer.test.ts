import { describe, expect, it } from 'vitest';
import { FramingError, ReplyFramer } from '../../../src-main/instruments/scpi/transport/ReplyFramer.js';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');

function definite(payload: Uint8Array): Uint8Array {
  const length = String(payload.length);
  return Buffer.concat([bytes(`#${length.length}${length}`), payload, bytes('\n')]);
}

describe('ReplyFramer', () => {
  it('takes a line only once its terminator has arrived, across split chunks', () => {
    const framer = new ReplyFramer();
    framer.push(bytes('RIGOL TECH'));
    expect(framer.takeLine()).toBeUndefined();
    framer.push(bytes('NOLOGIES,DP832\r'));
    expect(framer.takeLine()).toBeUndefined();
    framer.push(bytes('\n'));
    expect(framer.takeLine()).toEqual({ kind: 'line', text: 'RIGOL TECHNOLOGIES,DP832' });
    expect(framer.bufferedBytes).toBe(0);
  });

  it('keeps coalesced replies apart, in order', () => {
    const framer = new ReplyFramer();
    framer.push(bytes('1.000\n2.000\n3.0'));
    expect(framer.takeLine()?.text).toBe('1.000');
    expect(framer.takeLine()?.text).toBe('2.000');
    expect(framer.takeLine()).toBeUndefined();
    framer.push(bytes('00\n'));
    expect(framer.takeLine()?.text).toBe('3.000');
  });

  it('frames a definite block split at every byte position, and drops its terminator', () => {
    const payload = new Uint8Array(300);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 37) & 0xff; // includes 0x0a and '#'
    const wire = Buffer.concat([definite(payload), bytes('OK\n')]);
    for (let cut = 0; cut <= wire.length; cut++) {
      const framer = new ReplyFramer();
      framer.push(wire.subarray(0, cut));
      let block = framer.takeBlock();
      if (block === undefined) {
        framer.push(wire.subarray(cut));
        block = framer.takeBlock();
      } else {
        framer.push(wire.subarray(cut));
      }
      expect(block?.kind, `cut at ${cut}`).toBe('block');
      expect(block?.kind === 'block' && Buffer.from(block.bytes).equals(Buffer.from(payload))).toBe(true);
      expect(framer.takeLine()?.text, `cut at ${cut}`).toBe('OK');
    }
  });

  it('frames a block whose terminator arrives with the next reply', () => {
    const framer = new ReplyFramer();
    framer.push(bytes('#15hello'));
    expect(framer.takeBlock()).toEqual({ kind: 'block', bytes: bytes('hello') });
    framer.push(bytes('\n1\n'));
    expect(framer.takeLine()?.text).toBe('1');
  });

  it('reports an indefinite #0 block as a candidate once its data ends in \\n, then takes it', () => {
    const framer = new ReplyFramer();
    framer.push(bytes('#0ab\ncd'));
    expect(framer.takeBlock()).toBeUndefined();
    framer.push(bytes('\n'));
    expect(framer.takeBlock()).toEqual({ kind: 'indefinite_candidate' });
    expect(Buffer.from(framer.takeIndefinite()).toString('latin1')).toBe('ab\ncd');
    expect(framer.bufferedBytes).toBe(0);
  });

  it('reports block progress while a block arrives', () => {
    const framer = new ReplyFramer();
    framer.push(bytes('#210abc'));
    expect(framer.takeBlock()).toBeUndefined();
    expect(framer.blockProgress()).toEqual({ receivedBytes: 3, totalBytes: 10 });
  });

  it('refuses garbage: a block that does not start with #, a bad header, control bytes in a line', () => {
    const notBlock = new ReplyFramer();
    notBlock.push(bytes('1.000\n'));
    expect(() => notBlock.takeBlock()).toThrow(FramingError);
    const badHeader = new ReplyFramer();
    badHeader.push(bytes('#x12'));
    expect(() => badHeader.takeBlock()).toThrow(/bad block header/);
    const badLength = new ReplyFramer();
    badLength.push(bytes('#3a12'));
    expect(() => badLength.takeBlock()).toThrow(/bad block length/);
    const control = new ReplyFramer();
    control.push(Uint8Array.from([0x01, 0xff, 0x13, 0x0a]));
    expect(() => control.takeLine()).toThrow(/unexpected byte 0x01/);
  });

  it('accepts non-ASCII text in a line (a unit sign), byte for byte', () => {
    const framer = new ReplyFramer();
    framer.push(Uint8Array.from([0x31, 0x30, 0x20, 0xce, 0xa9, 0x0a]));
    expect(Buffer.from(framer.takeLine()!.text, 'latin1').toString('utf8')).toBe('10 Ω');
  });

  it('clear() forgets everything buffered', () => {
    const framer = new ReplyFramer();
    framer.push(bytes('late reply\n'));
    framer.clear();
    expect(framer.takeLine()).toBeUndefined();
  });
});

describe('ReplyFramer.blockBytesLeft', () => {
  it('counts the bytes of a definite block still to come, once its header is here', () => {
    const framer = new ReplyFramer();
    expect(framer.blockBytesLeft()).toBeUndefined();
    framer.push(bytes('#4'));
    expect(framer.blockBytesLeft()).toBeUndefined();
    framer.push(bytes('1000abc'));
    expect(framer.blockBytesLeft()).toBe(997);
    framer.push(new Uint8Array(997));
    expect(framer.blockBytesLeft()).toBe(0);
  });

  it('is undefined for a line or an indefinite block (nothing counts their end)', () => {
    const framer = new ReplyFramer();
    framer.push(bytes('partial line'));
    expect(framer.blockBytesLeft()).toBeUndefined();
    framer.clear();
    framer.push(bytes('#0abc'));
    expect(framer.blockBytesLeft()).toBeUndefined();
  });
});
