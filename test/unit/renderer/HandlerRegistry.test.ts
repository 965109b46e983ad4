import { describe, expect, it, vi } from 'vitest';
import { HandlerRegistry } from '../../../src-renderer/connection/HandlerRegistry';

describe('HandlerRegistry', () => {
  const pong = { type: 'pong', timestamp: 1 } as const;

  it('delivers by type and to generic handlers; unsubscribe stops delivery', () => {
    const registry = new HandlerRegistry();
    const typed = vi.fn();
    const other = vi.fn();
    const generic = vi.fn();
    const off = registry.on('pong', typed);
    registry.on('welcome', other);
    registry.onAny(generic);
    registry.dispatch(pong);
    expect(typed).toHaveBeenCalledWith(pong);
    expect(other).not.toHaveBeenCalled();
    expect(generic).toHaveBeenCalledWith(pong);
    off();
    registry.dispatch(pong);
    expect(typed).toHaveBeenCalledTimes(1);
    expect(generic).toHaveBeenCalledTimes(2);
  });

  it('catches and counts a throwing handler without breaking delivery to the others', () => {
    const registry = new HandlerRegistry();
    const errors: unknown[] = [];
    registry.onHandlerError = (e) => errors.push(e);
    const after = vi.fn();
    registry.on('pong', () => {
      throw new Error('boom');
    });
    registry.on('pong', after);
    registry.dispatch(pong);
    expect(after).toHaveBeenCalled();
    expect(registry.errors).toBe(1);
    expect(errors).toHaveLength(1);
  });

  it('delivers per stream by key only to that stream’s handlers, counting a throwing one', () => {
    const registry = new HandlerRegistry();
    const errors: unknown[] = [];
    registry.onHandlerError = (e) => errors.push(e);
    const mine = vi.fn();
    const theirs = vi.fn();
    registry.onStream('scope_1/waveform/*', () => {
      throw new Error('boom');
    });
    const off = registry.onStream('scope_1/waveform/*', mine);
    registry.onStream('psu_1/readings/*', theirs);
    const data = { type: 'stream_data', stream_id: 3 } as never;
    registry.dispatchStream('scope_1/waveform/*', data);
    expect(mine).toHaveBeenCalledWith(data);
    expect(theirs).not.toHaveBeenCalled();
    expect(errors).toHaveLength(1);
    off();
    registry.dispatchStream('scope_1/waveform/*', data);
    expect(mine).toHaveBeenCalledTimes(1);
  });
});
