/**
 * The retry loop without a socket, on fake timers and a fixed `random` (every backoff delay known): when it
 * tries, how long it waits, when it gives up, and that an attempt overtaken or stopped opens nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendEndpoint } from '../../../shared/bridge';
import type { ConnectionProblem } from '../../../src-renderer/connection/connectionProblem';
import { EndpointError } from '../../../src-renderer/connection/endpoint';
import { RetryLoop } from '../../../src-renderer/connection/RetryLoop';

const ENDPOINT: BackendEndpoint = { url: 'ws://127.0.0.1:5555/ws', token: 'secret-token' };
const UNREACHABLE: ConnectionProblem = { kind: 'unreachable', detail: '', retry: true };
const REFUSED: ConnectionProblem = { kind: 'token_rejected', detail: 'bad token', retry: false };

/**
 * A loop whose callbacks are logged in order; `getEndpoint` resolves ENDPOINT unless the test swaps it.
 * `random` is 0.5, so the waits are 125, 250, 500, 1000, 2000, 2500 ms (half of backoff.ts's ceilings).
 */
function harness() {
  const log: string[] = [];
  const problems: ConnectionProblem[] = [];
  const endpoint = { get: async (): Promise<BackendEndpoint> => ENDPOINT };
  const loop = new RetryLoop({
    getEndpoint: () => endpoint.get(),
    attempting: () => log.push('attempting'),
    open: (e) => log.push(`open ${e.url}`),
    failed: (problem) => {
      problems.push(problem);
      log.push(`failed ${problem.kind}`);
    },
    waiting: (atMs) => log.push(`waiting until ${atMs}`),
    halted: () => log.push('halted'),
    now: () => Date.now(),
    random: () => 0.5,
  });
  return { loop, log, problems, endpoint };
}

/** Lets pending promise callbacks run (an attempt awaits its endpoint). */
async function flush(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

describe('RetryLoop', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(10_000);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('tries at once on start, and once only however often it is started', async () => {
    const { loop, log } = harness();
    expect(loop.stopped).toBe(true);
    loop.start();
    loop.start();
    expect(loop.stopped).toBe(false);
    await flush();
    expect(log).toEqual(['attempting', `open ${ENDPOINT.url}`]);
  });

  it('waits a backoff that doubles per failure, tries again after it, and starts over after a success', async () => {
    const { loop, log } = harness();
    loop.start();
    await flush();
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      log.length = 0;
      loop.failed(UNREACHABLE);
      const until = Number(/waiting until (\d+)/.exec(log[1] ?? '')?.[1]);
      waits.push(until - Date.now());
      await vi.advanceTimersByTimeAsync(until - Date.now() - 1);
      expect(log).toEqual(['failed unreachable', `waiting until ${until}`]);
      await vi.advanceTimersByTimeAsync(1);
      expect(log.slice(2)).toEqual(['attempting', `open ${ENDPOINT.url}`]);
    }
    expect(waits).toEqual([125, 250, 500, 1_000, 2_000, 2_500]);
    loop.connected();
    log.length = 0;
    loop.failed(UNREACHABLE);
    expect(log).toEqual(['failed unreachable', `waiting until ${Date.now() + 125}`]);
  });

  it('gives up on a problem waiting cannot fix, and starts again when the wait is skipped', async () => {
    const { loop, log, problems } = harness();
    loop.start();
    await flush();
    log.length = 0;
    loop.failed(REFUSED);
    expect(problems).toEqual([REFUSED]);
    expect(log).toEqual(['failed token_rejected', 'halted']);
    expect(loop.stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(log).toHaveLength(2);
    loop.skipWait();
    await flush();
    expect(loop.stopped).toBe(false);
    expect(log.slice(2)).toEqual(['attempting', `open ${ENDPOINT.url}`]);
  });

  it('skips a wait only while one is pending: not before start, after stop, or during an attempt', async () => {
    const { loop, log } = harness();
    loop.skipWait();
    await flush();
    expect(log).toEqual([]);
    loop.start();
    loop.skipWait(); // the first attempt is under way
    await flush();
    expect(log).toEqual(['attempting', `open ${ENDPOINT.url}`]);
    loop.failed(UNREACHABLE);
    loop.skipWait();
    await flush();
    expect(log.slice(4)).toEqual(['attempting', `open ${ENDPOINT.url}`]);
    // The skipped wait's timer is gone: nothing more when it would have ended.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toHaveLength(6);
    loop.failed(UNREACHABLE);
    loop.stop();
    loop.skipWait();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log).toHaveLength(8);
    expect(loop.stopped).toBe(true);
  });

  it('turns an endpoint that cannot be resolved into a failure: no token halts, anything else retries', async () => {
    const { loop, log, endpoint } = harness();
    endpoint.get = async () => {
      throw new Error('preload not ready');
    };
    loop.start();
    await flush();
    expect(log).toEqual(['attempting', 'failed unreachable', `waiting until ${Date.now() + 125}`]);
    endpoint.get = async () => {
      throw new EndpointError('no token in the page URL');
    };
    await vi.advanceTimersByTimeAsync(125);
    expect(log.slice(3)).toEqual(['attempting', 'failed no_token', 'halted']);
  });

  it('opens nothing for an attempt stopped, or overtaken by a newer one, while its endpoint was resolved', async () => {
    const { loop, log, endpoint } = harness();
    const pending: Array<(e: BackendEndpoint) => void> = [];
    endpoint.get = () => new Promise((resolve) => pending.push(resolve));
    loop.start();
    loop.stop();
    pending[0]!({ ...ENDPOINT, url: 'ws://stopped' });
    await flush();
    expect(log).toEqual(['attempting']);

    loop.start();
    loop.failed(UNREACHABLE); // say the attempt's socket failed at once, before the endpoint came
    loop.skipWait();
    pending[1]!({ ...ENDPOINT, url: 'ws://overtaken' });
    pending[2]!({ ...ENDPOINT, url: 'ws://newest' });
    await flush();
    expect(log.filter((line) => line.startsWith('open'))).toEqual(['open ws://newest']);
  });

  it('a stopped attempt whose endpoint fails is not counted as a failure', async () => {
    const { loop, log, endpoint } = harness();
    let fail: (err: Error) => void = () => {};
    endpoint.get = () => new Promise((_, reject) => (fail = reject));
    loop.start();
    loop.stop();
    fail(new Error('late'));
    await flush();
    expect(log).toEqual(['attempting']);
  });
});
