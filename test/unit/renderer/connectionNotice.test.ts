/**
 * What the dashboard says while it is not connected: each cause in words a person can act on (the page
 * used to say "Waiting for the backend…" forever whatever the cause), the time it was lost, and records
 * of the outage for the events log.
 */
import { describe, expect, it } from 'vitest';
import type { ConnectionProblem } from '../../../src-renderer/connection/connectionProblem';
import {
  problemFromClose,
  problemFromEndpointError,
} from '../../../src-renderer/connection/connectionProblem';
import { EndpointError } from '../../../src-renderer/connection/endpoint';
import { formatGap, linkEventMessages } from '../../../src-renderer/connection/linkEvents';
import { FLEET_OUTAGE_ADVICE } from '../../../src-renderer/fleet/FleetSocket';
import { connectionNotice, type ConnectionNoticeInput } from '../../../src-renderer/panels/connectionNotice';
import { staleLabel, streamStatusView } from '../../../src-renderer/panels/staleness';

const NOW = new Date(2026, 11, 6, 17, 10, 0).getTime();

function notice(patch: Partial<ConnectionNoticeInput>): ReturnType<typeof connectionNotice> {
  return connectionNotice({
    state: 'connecting',
    problem: undefined,
    disconnectedSinceMs: undefined,
    nextRetryAtMs: undefined,
    backendAddress: '127.0.0.1:5173',
    nowMs: NOW,
    ...patch,
  });
}

const problem = (kind: ConnectionProblem['kind'], detail = ''): ConnectionProblem => ({
  kind,
  detail,
  retry: kind !== 'no_token' && kind !== 'token_rejected' && kind !== 'version_mismatch',
});

describe('connection problems', () => {
  it('classifies close codes and endpoint failures', () => {
    expect(problemFromClose(4401, 'invalid token', false).kind).toBe('token_rejected');
    expect(problemFromClose(4406, 'protocol', false).kind).toBe('version_mismatch');
    expect(problemFromClose(4429, 'too many connections', false)).toMatchObject({
      kind: 'busy',
      retry: true,
    });
    expect(problemFromClose(1006, '', false).kind).toBe('unreachable');
    expect(problemFromClose(1006, '', true).kind).toBe('connection_lost');
    expect(problemFromEndpointError(new EndpointError('no token'))).toMatchObject({
      kind: 'no_token',
      retry: false,
    });
    expect(problemFromEndpointError(new Error('preload not ready')).retry).toBe(true);
  });
});

describe('connection notice', () => {
  it('says nothing while connected, or while a first attempt is simply under way', () => {
    expect(notice({ state: 'open' })).toBeUndefined();
    expect(notice({})).toBeUndefined();
  });

  it('tells a page opened without its token what to open instead', () => {
    const n = notice({ state: 'closed', problem: problem('no_token') })!;
    expect(n.tone).toBe('error');
    expect(n.title).toMatch(/no access token/);
    expect(n.advice).toMatch(/npm run serve.*#token=/);
    expect(n.retry).toBeUndefined();
  });

  it('tells a refused token apart, with the server’s reason and what to do', () => {
    const n = notice({ state: 'closed', problem: problem('token_rejected', 'invalid token') })!;
    expect(n.title).toBe("The backend at 127.0.0.1:5173 refused this page's access token (invalid token).");
    expect(n.advice).toMatch(/new at every start.*npm run serve/);
  });

  it('tells an unreachable backend apart, with the address and the retry countdown', () => {
    const n = notice({ problem: problem('unreachable'), nextRetryAtMs: NOW + 2_500 })!;
    expect(n.title).toBe('Cannot reach the backend at 127.0.0.1:5173.');
    expect(n.advice).toMatch(/running/);
    expect(n.retry).toBe('Retrying in 2.5 s.');
  });

  it('says since when a lost backend has been unreachable, and that values are stale', () => {
    const n = notice({
      state: 'reconnecting',
      problem: problem('connection_lost'),
      disconnectedSinceMs: NOW - 65_000,
      nextRetryAtMs: NOW + 1_000,
    })!;
    expect(n.title).toMatch(/^Backend unreachable since 17:08:55 \(1 min 05 s\)\.$/);
    expect(n.advice).toMatch(/last received and are not updating/);
  });

  it('gives a fleet bench its own advice (its agent, not `npm run serve`) when it is out of reach', () => {
    const outageAdvice = FLEET_OUTAGE_ADVICE;
    const lost = notice({
      state: 'reconnecting',
      problem: problem('connection_lost'),
      disconnectedSinceMs: NOW - 5_000,
      outageAdvice,
    })!;
    expect(lost.advice).toMatch(/last received and are not updating/);
    expect(lost.advice).toContain('benchtop agent');
    expect(lost.advice).not.toContain('npm run serve');
    const never = notice({ problem: problem('unreachable'), outageAdvice })!;
    expect(never.advice).toBe(outageAdvice);
  });

  it('names a full backend and a version mismatch', () => {
    expect(notice({ problem: problem('busy') })!.title).toMatch(/all the connections/);
    expect(notice({ state: 'closed', problem: problem('version_mismatch') })!.advice).toMatch(/Reload/);
  });
});

describe('link events for the events log', () => {
  it('records a lost connection and its restoration with the gap', () => {
    const lost = linkEventMessages({ kind: 'lost', atMs: NOW, problem: problem('connection_lost') });
    expect(lost).toEqual([
      expect.objectContaining({ level: 'warning', kind: 'connection_lost', timestamp: NOW }),
    ]);
    const restored = linkEventMessages({
      kind: 'restored',
      atMs: NOW + 12_300,
      lostAtMs: NOW,
      backendRestarted: false,
    });
    expect(restored).toEqual([
      expect.objectContaining({
        level: 'info',
        kind: 'connection_restored',
        message: 'Connection restored (gap 12.3 s)',
        details: { gap_ms: 12_300 },
      }),
    ]);
  });

  it('adds that the backend restarted and its settings are back to defaults', () => {
    const messages = linkEventMessages({
      kind: 'restored',
      atMs: NOW,
      lostAtMs: NOW - 5_000,
      backendRestarted: true,
    });
    expect(messages.map((m) => m.kind)).toEqual(['connection_restored', 'backend_restarted']);
    expect(messages[1]!.message).toMatch(/settings are back to their defaults/);
  });

  it('formats gaps as a person reads them', () => {
    expect(formatGap(850)).toBe('850 ms');
    expect(formatGap(12_345)).toBe('12.3 s');
    expect(formatGap(245_000)).toBe('4 min 05 s');
    expect(formatGap(7_380_000)).toBe('2 h 03 min');
  });
});

describe('stale values and stream states while disconnected', () => {
  it('marks values with their age', () => {
    expect(staleLabel(NOW - 35_000, NOW)).toBe('stale · last value 35.0 s old');
    expect(staleLabel(undefined, NOW)).toBe('stale · no value received');
  });

  it('shows a running stream as paused while disconnected, not running', () => {
    expect(streamStatusView('running', 'reconnecting')).toEqual({
      text: 'paused — disconnected',
      tone: 'paused',
    });
    expect(streamStatusView('running', 'open')).toEqual({ text: 'running', tone: 'running' });
    expect(streamStatusView('stopped', 'reconnecting')).toEqual({ text: 'stopped', tone: 'stopped' });
  });
});
