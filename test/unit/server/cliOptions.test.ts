import { describe, expect, it } from 'vitest';
import { CliError, parseCliOptions } from '../../../src-main/cliOptions.js';

describe('parseCliOptions', () => {
  it('defaults to loopback and a free port', () => {
    expect(parseCliOptions([])).toMatchObject({ host: '127.0.0.1', port: 0, allowRemote: false });
  });
  it('accepts --port and loopback hosts', () => {
    expect(parseCliOptions(['--port', '8080', '--host', '::1'])).toMatchObject({ host: '::1', port: 8080 });
  });
  it('rejects bad ports, unknown flags and bad log levels with a specific message', () => {
    expect(() => parseCliOptions(['--port', 'abc'])).toThrow(/--port/);
    expect(() => parseCliOptions(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseCliOptions(['--prot', '1'])).toThrow(CliError);
    expect(() => parseCliOptions(['--log-level', 'loud'])).toThrow(/--log-level/);
  });
  it('takes --bench as a file path, and refuses an empty one', () => {
    expect(parseCliOptions([]).bench).toBeUndefined();
    expect(parseCliOptions(['--bench', 'lab/bench.json']).bench).toBe('lab/bench.json');
    expect(() => parseCliOptions(['--bench', ' '])).toThrow('--bench: expected a file path');
  });
  it('refuses a non-loopback host unless --allow-remote is given', () => {
    expect(() => parseCliOptions(['--host', '0.0.0.0'])).toThrow(/--allow-remote/);
    expect(parseCliOptions(['--host', '0.0.0.0', '--allow-remote'])).toMatchObject({
      host: '0.0.0.0',
      allowRemote: true,
    });
  });
  it('takes repeated --allow-host names, normalized, and refuses anything that is not a host', () => {
    expect(parseCliOptions([]).allowedHosts).toEqual([]);
    expect(
      parseCliOptions(['--allow-host', 'Bench.Lab', '--allow-host', '10.0.0.7', '--allow-host', 'fe80::1'])
        .allowedHosts,
    ).toEqual(['bench.lab', '10.0.0.7', '[fe80::1]']);
    for (const bad of ['bench.lab:8080', '*.lab', 'http://bench.lab', 'a/b', '', '[zz::1]']) {
      expect(() => parseCliOptions(['--allow-host', bad]), bad).toThrow(/--allow-host: .*is not a host name/);
    }
  });
  it('takes repeated --allow-origin origins, normalized, and refuses patterns, paths and other schemes', () => {
    expect(parseCliOptions([]).allowedOrigins).toEqual([]);
    expect(
      parseCliOptions(['--allow-origin', 'http://127.0.0.1:5173/', '--allow-origin', 'HTTPS://Bench.Lab:443'])
        .allowedOrigins,
    ).toEqual(['http://127.0.0.1:5173', 'https://bench.lab']);
    const cases: [string, RegExp][] = [
      ['*', /wildcard/],
      ['http://*.lab:80', /wildcard/],
      ['null', /opaque origin/],
      ['file:///home', /scheme file/],
      ['ws://127.0.0.1:5173', /scheme ws/],
      ['http://127.0.0.1:5173/ws', /give only http:\/\/127\.0\.0\.1:5173/],
      ['http://127.0.0.1:5173/#token=abc', /give only/],
      ['http://me:pw@127.0.0.1:5173', /credentials/],
      ['127.0.0.1:5173', /scheme|not an origin/],
      ['', /not an origin/],
    ];
    for (const [bad, why] of cases) {
      expect(() => parseCliOptions(['--allow-origin', bad]), bad).toThrow(/^--allow-origin: /);
      expect(() => parseCliOptions(['--allow-origin', bad]), bad).toThrow(why);
    }
  });
});
