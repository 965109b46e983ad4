/**
 * Host and Origin admission as pure decisions: which Host headers are answered (DNS rebinding), and which
 * Origins may open the socket — including a dashboard served from the address actually used under
 * --allow-remote.
 */
import { describe, expect, it } from 'vitest';
import { HostPolicy, normalizeHostName } from '../../../src-main/server/admission/hostPolicy.js';

const PORT = 43_210;

describe('HostPolicy.checkHost', () => {
  const loopback = new HostPolicy({ boundAddress: '127.0.0.1', port: PORT, allowedHosts: ['bench.lab'] });

  it('answers the bound address, the loopback names and the allow-list, with or without a port', () => {
    for (const host of [
      `127.0.0.1:${PORT}`,
      '127.0.0.1',
      `localhost:${PORT}`,
      'LOCALHOST',
      `[::1]:${PORT}`,
      'bench.lab',
      `Bench.Lab:${PORT}`,
    ]) {
      expect(loopback.checkHost(host), host).toMatchObject({ ok: true });
    }
  });

  it('refuses any other name — what a DNS-rebinding page sends — naming it', () => {
    expect(loopback.checkHost(`evil.example:${PORT}`)).toEqual({
      ok: false,
      reason: 'not_allowed',
      hostname: 'evil.example',
    });
    for (const host of ['localhost.evil.example', '127.0.0.1.nip.io', 'localhost.', '192.168.1.5']) {
      expect(loopback.checkHost(host), host).toMatchObject({ ok: false, reason: 'not_allowed' });
    }
  });

  it('refuses a missing or malformed Host without echoing it', () => {
    expect(loopback.checkHost(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(loopback.checkHost('')).toEqual({ ok: false, reason: 'missing' });
    for (const host of ['127.0.0.1/evil', 'user@127.0.0.1', 'a b', '127.0.0.1:99999x', '[::1', 'x\r\ny']) {
      expect(loopback.checkHost(host), host).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('answers its own addresses, and only those, when bound to every interface', () => {
    const wildcard = new HostPolicy({
      boundAddress: '0.0.0.0',
      port: PORT,
      localAddresses: () => ['127.0.0.1', '192.168.1.5', '[fe80::1]'],
    });
    expect(wildcard.checkHost(`192.168.1.5:${PORT}`)).toMatchObject({ ok: true });
    expect(wildcard.checkHost(`[fe80::1]:${PORT}`)).toMatchObject({ ok: true });
    expect(wildcard.checkHost(`0.0.0.0:${PORT}`)).toMatchObject({ ok: false });
    expect(wildcard.checkHost(`10.9.9.9:${PORT}`)).toMatchObject({ ok: false });
    expect(wildcard.checkHost(`evil.example:${PORT}`)).toMatchObject({ ok: false });
    expect(wildcard.allowedNames).not.toContain('0.0.0.0');
  });

  it('answers a specific bound address, IPv6 included', () => {
    const v6 = new HostPolicy({ boundAddress: 'fd00::5', port: PORT });
    expect(v6.checkHost(`[fd00::5]:${PORT}`)).toMatchObject({ ok: true });
    expect(v6.allowedNames).toContain('[fd00::5]');
  });
});

describe('HostPolicy.originAllowed', () => {
  it("admits the server's own origins and configured extra ones", () => {
    const policy = new HostPolicy({
      boundAddress: '127.0.0.1',
      port: PORT,
      extraOrigins: ['http://localhost:5173'],
    });
    const host = `127.0.0.1:${PORT}`;
    expect(policy.originAllowed(`http://127.0.0.1:${PORT}`, host)).toBe(true);
    expect(policy.originAllowed(`http://localhost:${PORT}`, host)).toBe(true);
    expect(policy.originAllowed('http://localhost:5173', host)).toBe(true);
    for (const origin of ['https://evil.example', `http://127.0.0.1:${PORT + 1}`, 'null', 'file://', '']) {
      expect(policy.originAllowed(origin, host), origin).toBe(false);
    }
  });

  it('admits the origin of the Host the page was served from: the address used under --allow-remote', () => {
    const policy = new HostPolicy({
      boundAddress: '0.0.0.0',
      port: PORT,
      localAddresses: () => ['192.168.1.5'],
    });
    expect(policy.originAllowed(`http://192.168.1.5:${PORT}`, `192.168.1.5:${PORT}`)).toBe(true);
    // Behind a TLS-terminating proxy that keeps the Host.
    expect(policy.originAllowed('https://192.168.1.5', '192.168.1.5')).toBe(true);
    // Not another port of that address, nor another address, nor a look-alike.
    expect(policy.originAllowed(`http://192.168.1.5:${PORT + 1}`, `192.168.1.5:${PORT}`)).toBe(false);
    expect(policy.originAllowed(`http://192.168.1.6:${PORT}`, `192.168.1.5:${PORT}`)).toBe(false);
    expect(policy.originAllowed(`http://192.168.1.5:${PORT}/x`, `192.168.1.5:${PORT}`)).toBe(false);
    expect(policy.originAllowed(`ws://192.168.1.5:${PORT}`, `192.168.1.5:${PORT}`)).toBe(false);
  });
});

describe('normalizeHostName', () => {
  it('lower-cases names and brackets IPv6 addresses', () => {
    expect(normalizeHostName('Bench.Lab')).toBe('bench.lab');
    expect(normalizeHostName('10.0.0.7')).toBe('10.0.0.7');
    expect(normalizeHostName('FE80::1')).toBe('[fe80::1]');
    expect(normalizeHostName('[::1]')).toBe('[::1]');
  });

  it('refuses ports, paths, wildcards, schemes and empty names', () => {
    for (const bad of ['bench.lab:80', 'bench.lab/x', '*.lab', 'http://x', '', '.lab', 'a..b', '[::1]:80']) {
      expect(normalizeHostName(bad), bad).toBeUndefined();
    }
  });
});
