import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../../../shared/protocol/constants';
import { benchLinkView } from '../../../../src-renderer/benches/benchLinkView';
import { problemFromClose } from '../../../../src-renderer/connection/connectionProblem';
import { connectionNotice } from '../../../../src-renderer/panels/connectionNotice';
import type { LinkInfo } from '../../../../src-renderer/store/benchState';

const ORIGIN = 'http://127.0.0.1:5173';
const link = (
  patch: Partial<LinkInfo>,
): Pick<LinkInfo, 'state' | 'problem' | 'nextRetryAtMs' | 'backendAddress'> => ({
  state: 'connecting',
  problem: undefined,
  nextRetryAtMs: undefined,
  backendAddress: '127.0.0.1:6001',
  ...patch,
});

describe('a bench card’s connection state', () => {
  it('is connecting, open, or reconnecting with the backoff’s countdown', () => {
    expect(benchLinkView(link({}), 0, ORIGIN)).toEqual({ phase: 'connecting', label: 'Connecting' });
    expect(benchLinkView(link({ state: 'open' }), 0, ORIGIN)).toEqual({ phase: 'open', label: 'Connected' });
    const lost = benchLinkView(
      link({ state: 'reconnecting', problem: problemFromClose(1006, '', true), nextRetryAtMs: 2_500 }),
      1_000,
      ORIGIN,
    );
    expect(lost).toEqual({
      phase: 'reconnecting',
      label: 'Reconnecting',
      reason: 'Lost the connection to 127.0.0.1:6001. Retrying in 1.5 s.',
    });
  });

  it('names a wrong token, an origin not allowed (flag and exact origin) and an unreachable bench', () => {
    const token = benchLinkView(
      link({ state: 'closed', problem: problemFromClose(CloseCode.unauthorized, 'invalid token', false) }),
      0,
      ORIGIN,
    );
    expect(token).toMatchObject({ phase: 'refused', label: 'Wrong token' });
    const origin = benchLinkView(
      link({
        state: 'closed',
        problem: problemFromClose(CloseCode.originNotAllowed, 'origin not allowed', false),
      }),
      0,
      ORIGIN,
    );
    expect(origin).toMatchObject({ phase: 'refused', label: 'Origin not allowed' });
    expect(origin.reason).toContain(
      `does not admit dashboards from ${ORIGIN}. Start it with \`--allow-origin ${ORIGIN}\``,
    );
    const unreachable = benchLinkView(
      link({ problem: problemFromClose(1006, '', false), nextRetryAtMs: 500 }),
      0,
      ORIGIN,
    );
    expect(unreachable).toMatchObject({ phase: 'connecting', label: 'Unreachable' });
    expect(unreachable.reason).toBe(
      'Nothing answers at 127.0.0.1:6001: is that backend running, and is the address right? Retrying in 0.5 s.',
    );
  });

  it('an origin refusal stops the retries and the banner says which flag to pass', () => {
    expect(problemFromClose(CloseCode.originNotAllowed, 'why', false)).toEqual({
      kind: 'origin_refused',
      detail: 'why',
      retry: false,
    });
    const notice = connectionNotice({
      state: 'closed',
      problem: problemFromClose(CloseCode.originNotAllowed, '', false),
      disconnectedSinceMs: undefined,
      nextRetryAtMs: undefined,
      backendAddress: '127.0.0.1:6001',
      nowMs: 0,
      pageOrigin: ORIGIN,
    });
    expect(notice?.title).toBe(`The backend at 127.0.0.1:6001 does not admit dashboards from ${ORIGIN}.`);
    expect(notice?.advice).toContain(`--allow-origin ${ORIGIN}`);
  });
});
