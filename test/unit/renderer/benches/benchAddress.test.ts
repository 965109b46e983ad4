import { describe, expect, it } from 'vitest';
import { maskToken, parseBenchAddress } from '../../../../src-renderer/benches/benchAddress';

const TOKEN = 'Zq3_kL9-0aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567';

describe('parseBenchAddress', () => {
  it('reads the line another backend prints, the token in its fragment', () => {
    expect(parseBenchAddress(`Benchtop at http://127.0.0.1:5173/#token=${TOKEN}`)).toEqual({
      ok: true,
      address: { wsUrl: 'ws://127.0.0.1:5173/ws', host: '127.0.0.1:5173', token: TOKEN },
    });
  });

  it('takes the URL and the token separately, and WebSocket or https URLs', () => {
    expect(parseBenchAddress('http://10.0.0.7:8080/', TOKEN)).toMatchObject({
      ok: true,
      address: { wsUrl: 'ws://10.0.0.7:8080/ws', token: TOKEN },
    });
    expect(parseBenchAddress('  ws://bench-2.lab:9000/ws ', ` token=${TOKEN} `)).toMatchObject({
      ok: true,
      address: { wsUrl: 'ws://bench-2.lab:9000/ws', host: 'bench-2.lab:9000' },
    });
    expect(parseBenchAddress(`https://bench.lab:8443/#token=${TOKEN}`)).toMatchObject({
      ok: true,
      address: { wsUrl: 'wss://bench.lab:8443/ws' },
    });
    // The same token twice is no conflict.
    expect(parseBenchAddress(`http://127.0.0.1:1/#token=${TOKEN}`, TOKEN).ok).toBe(true);
  });

  it('says exactly what is wrong with a bad paste', () => {
    const cases: [string, string, RegExp][] = [
      ['', '', /Paste the address/],
      ['bench two', TOKEN, /is not a URL/],
      [`ftp://127.0.0.1:21/#token=${TOKEN}`, '', /not ftp/],
      [`http://me:pw@127.0.0.1:1/`, TOKEN, /user name or password/],
      [`http://127.0.0.1/#token=${TOKEN}`, '', /no port/],
      [`http://127.0.0.1:5173/dashboard#token=${TOKEN}`, '', /path \/dashboard/],
      ['http://127.0.0.1:5173/', '', /No token/],
      [`http://127.0.0.1:5173/#token=${TOKEN}`, `${TOKEN}x`, /one token and the token field another/],
      ['http://127.0.0.1:5173/', 'short', /32 or more .*\(this one has 5 characters\)/],
      ['http://127.0.0.1:5173/', `${TOKEN.slice(0, 40)}!!`, /some of them others/],
    ];
    for (const [url, token, message] of cases) {
      const result = parseBenchAddress(url, token);
      expect(result.ok, url).toBe(false);
      if (!result.ok) expect(result.error, url).toMatch(message);
    }
  });

  it('never shows a whole token', () => {
    expect(maskToken(TOKEN)).toBe('Zq3_••••••••');
    expect(maskToken(TOKEN)).not.toContain(TOKEN.slice(4, 8));
  });
});
