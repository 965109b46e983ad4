import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  SYSTEM_PACKAGES,
  SYSTEM_PYTHON,
  ensureSystemPackages,
  executable,
  pythonModule,
  type SetupHost,
  type SystemPackage,
} from '../../../scripts/systemPackages.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** What each fake Debian package puts on the machine. */
const PROVIDES: Record<string, { files?: string[]; modules?: string[] }> = {
  chromium: { files: ['/usr/bin/chromium'] },
  'python3-numpy': { files: [SYSTEM_PYTHON], modules: ['numpy'] },
  'python3-h5py': { files: [SYSTEM_PYTHON], modules: ['numpy', 'h5py'] },
};

const PACKAGES: SystemPackage[] = [
  { name: 'chromium', neededBy: 'E2E tests', check: executable('/usr/bin/chromium') },
  { name: 'python3-numpy', neededBy: 'export reader tests', check: pythonModule('numpy') },
  { name: 'python3-h5py', neededBy: 'export reader tests', check: pythonModule('h5py') },
];

interface FakeMachine {
  host: SetupHost;
  lines: string[];
  commands: string[];
}

/**
 * A Debian machine with `installed` packages: apt-get installs from PROVIDES (or fails as told), sudo
 * works without a password only when `sudo` is set.
 */
function machine(
  options: {
    installed?: string[];
    root?: boolean;
    sudo?: boolean;
    aptGet?: boolean;
    failing?: 'update' | 'install';
    installsNothing?: boolean;
  } = {},
): FakeMachine {
  const files = new Set<string>(options.aptGet === false ? [] : ['/usr/bin/apt-get']);
  const modules = new Set<string>();
  const install = (name: string): void => {
    for (const f of PROVIDES[name]?.files ?? []) files.add(f);
    for (const m of PROVIDES[name]?.modules ?? []) modules.add(m);
  };
  for (const name of options.installed ?? []) install(name);
  const lines: string[] = [];
  const commands: string[] = [];
  const host: SetupHost = {
    isRoot: options.root ?? true,
    isExecutable: (p) => files.has(p),
    log: (line) => lines.push(line),
    run(command, args) {
      commands.push([command, ...args].join(' '));
      if (command === SYSTEM_PYTHON) {
        const module = /^import (\w+)$/.exec(args[1] ?? '')?.[1];
        return { status: module !== undefined && modules.has(module) ? 0 : 1, output: '' };
      }
      if (command === 'sudo' && args.join(' ') === '-n true')
        return { status: options.sudo ? 0 : 1, output: '' };
      const argv = command === 'sudo' ? args.slice(1) : [command, ...args];
      expect(argv.slice(0, 3)).toEqual(['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get']);
      const [verb, ...rest] = argv.slice(3);
      if (verb === options.failing) return { status: 100, output: `E: ${verb} went wrong` };
      if (verb === 'install' && !options.installsNothing) {
        for (const name of rest.filter((a) => !a.startsWith('-'))) install(name);
      }
      return { status: 0, output: '' };
    },
  };
  return { host, lines, commands };
}

const aptCalls = (commands: string[]): string[] => commands.filter((c) => c.includes('apt-get'));

describe('ensureSystemPackages', () => {
  it('installs nothing and says so in one line when every package is present', () => {
    const m = machine({ installed: ['chromium', 'python3-h5py'] });
    expect(ensureSystemPackages(m.host, PACKAGES)).toBe(0);
    expect(aptCalls(m.commands)).toEqual([]);
    expect(m.lines).toEqual(['test set-up: system packages present (chromium, python3-numpy, python3-h5py)']);
  });

  it('as root, runs apt-get update once, then one install of exactly what is missing, and checks again', () => {
    const m = machine({ installed: ['python3-numpy'] });
    expect(ensureSystemPackages(m.host, PACKAGES)).toBe(0);
    expect(aptCalls(m.commands)).toEqual([
      'env DEBIAN_FRONTEND=noninteractive apt-get update -qq',
      'env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium python3-h5py',
    ]);
    expect(m.lines.at(-1)).toBe('test set-up: installed chromium python3-h5py');
  });

  it('treats a machine without /usr/bin/python3 as missing every Python package, without running it', () => {
    const m = machine({ installed: ['chromium'] });
    expect(ensureSystemPackages(m.host, PACKAGES)).toBe(0);
    expect(m.commands.filter((c) => c.startsWith(SYSTEM_PYTHON)).length).toBe(2); // only after the install
    expect(aptCalls(m.commands).at(-1)).toMatch(/install .* python3-numpy python3-h5py$/);
  });

  it('without root or passwordless sudo, prints ONE line naming what is missing and the command, and fails', () => {
    const m = machine({ root: false, installed: ['python3-numpy'] });
    expect(ensureSystemPackages(m.host, PACKAGES)).toBe(1);
    expect(aptCalls(m.commands)).toEqual([]);
    expect(m.lines).toHaveLength(1);
    expect(m.lines[0]).not.toContain('\n');
    expect(m.lines[0]).toMatch(
      /^test set-up: missing chromium \(for the E2E tests; checked: \/usr\/bin\/chromium\), /,
    );
    expect(m.lines[0]).toContain(
      "python3-h5py (for the export reader tests; checked: /usr/bin/python3 -c 'import h5py')",
    );
    expect(m.lines[0]).not.toContain('python3-numpy (');
    expect(m.lines[0]).toMatch(
      /as root run: apt-get update && apt-get install -y --no-install-recommends chromium python3-h5py$/,
    );
  });

  it('installs through sudo -n when sudo needs no password', () => {
    const m = machine({ root: false, sudo: true });
    expect(ensureSystemPackages(m.host, PACKAGES)).toBe(0);
    expect(aptCalls(m.commands)).toEqual([
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq',
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium python3-numpy python3-h5py',
    ]);
  });

  it('on a machine without apt-get, names what is missing in one line and fails', () => {
    const m = machine({ aptGet: false, installed: ['chromium', 'python3-numpy'] });
    expect(ensureSystemPackages(m.host, PACKAGES)).toBe(1);
    expect(m.lines).toEqual([
      "test set-up: missing python3-h5py (for the export reader tests; checked: /usr/bin/python3 -c 'import h5py'); " +
        'this machine has no /usr/bin/apt-get: install their equivalents',
    ]);
  });

  it('stops after a failed apt-get update, with its output, and installs nothing', () => {
    const m = machine({ failing: 'update' });
    expect(ensureSystemPackages(m.host, PACKAGES)).toBe(1);
    expect(aptCalls(m.commands)).toHaveLength(1);
    expect(m.lines.at(-1)).toBe('test set-up: apt-get update failed (exit 100):\nE: update went wrong');
  });

  it('fails with apt-get’s output when the install fails', () => {
    const m = machine({ failing: 'install' });
    expect(ensureSystemPackages(m.host, PACKAGES)).toBe(1);
    expect(m.lines.at(-1)).toMatch(
      /^test set-up: apt-get install chromium python3-numpy python3-h5py failed:\nE: install/,
    );
  });

  it('fails when a package is still missing after an install that succeeded', () => {
    const m = machine({ installed: ['chromium', 'python3-numpy'], installsNothing: true });
    expect(ensureSystemPackages(m.host, PACKAGES)).toBe(1);
    expect(m.lines.at(-1)).toBe(
      "test set-up: installed, yet still missing python3-h5py (checked: /usr/bin/python3 -c 'import h5py')",
    );
  });
});

describe('the declared list and where it is used', () => {
  it('names each Debian package once, each with its check', () => {
    const names = SYSTEM_PACKAGES.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        'chromium',
        'python3-numpy',
        'python3-h5py',
        'sigrok-cli',
        'python3-pyvisa',
        'python3-pyvisa-py',
        'nats-server',
      ]),
    );
    for (const p of SYSTEM_PACKAGES) expect(p.check.looksAt).not.toBe('');
  });

  it('is the first step of `npm test`, and .ci/run installs nothing itself but runs `npm test`', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.test).toMatch(/^npm run test:setup && /);
    expect(pkg.scripts['test:setup']).toBe('node --import tsx scripts/testSetup.ts');
    const ci = readFileSync(path.join(repoRoot, '.ci', 'run'), 'utf8');
    expect(ci).not.toMatch(/apt-get/);
    expect(ci).toMatch(/^npm test\b/m);
  });
});
