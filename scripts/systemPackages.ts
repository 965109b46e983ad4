/**
 * The Debian packages the test suite needs beyond npm, each with the check that tells it is present, and
 * the step that installs what is missing. `npm test` runs it first (scripts/testSetup.ts), so the README's
 * `npm ci && npm test` works on a fresh Debian machine, and `.ci/run` runs exactly the same step.
 *
 * Adding a package is one line in SYSTEM_PACKAGES.
 */

/** What the checks and the installer may do to the machine: injected so tests can play any machine. */
export interface SetupHost {
  /** Whether this process may run apt-get itself (uid 0). */
  readonly isRoot: boolean;
  /** Runs a program to completion; `status` is its exit code (undefined when it could not start). */
  run(command: string, args: readonly string[]): { status: number | undefined; output: string };
  /** Whether `path` exists and may be executed. */
  isExecutable(path: string): boolean;
  /** One line for the person running the tests. */
  log(line: string): void;
}

/** How to tell a package is present: a test, and what it looks at (for messages). */
export interface PresenceCheck {
  readonly looksAt: string;
  present(host: SetupHost): boolean;
}

export interface SystemPackage {
  /** The Debian package name, as apt-get installs it. */
  readonly name: string;
  /** Which tests need it, for the message when it is missing. */
  readonly neededBy: string;
  readonly check: PresenceCheck;
}

/** Debian's Python: the independent readers run /usr/bin/python3, never whatever python3 is first on PATH. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

const APT_GET = '/usr/bin/apt-get';

/** Present when `path` is an executable file. */
export function executable(path: string): PresenceCheck {
  return { looksAt: path, present: (host) => host.isExecutable(path) };
}

/** Present when Debian's Python imports `module` (false too when there is no /usr/bin/python3 at all). */
export function pythonModule(module: string): PresenceCheck {
  return {
    looksAt: `${SYSTEM_PYTHON} -c 'import ${module}'`,
    present: (host) =>
      host.isExecutable(SYSTEM_PYTHON) && host.run(SYSTEM_PYTHON, ['-c', `import ${module}`]).status === 0,
  };
}

export const SYSTEM_PACKAGES: readonly SystemPackage[] = [
  { name: 'chromium', neededBy: 'E2E tests', check: executable('/usr/bin/chromium') },
  { name: 'python3-numpy', neededBy: 'export reader tests', check: pythonModule('numpy') },
  { name: 'python3-h5py', neededBy: 'export reader tests', check: pythonModule('h5py') },
  {
    name: 'python3-pandas',
    neededBy: 'export reader tests (CSV metadata header)',
    check: pythonModule('pandas'),
  },
  { name: 'sigrok-cli', neededBy: 'SCPI emulator tool tests', check: executable('/usr/bin/sigrok-cli') },
  { name: 'python3-pyvisa', neededBy: 'SCPI emulator tool tests', check: pythonModule('pyvisa') },
  { name: 'python3-pyvisa-py', neededBy: 'SCPI emulator tool tests', check: pythonModule('pyvisa_py') },
  { name: 'nats-server', neededBy: 'NATS fleet tests', check: executable('/usr/sbin/nats-server') },
];

export function missingPackages(host: SetupHost, packages: readonly SystemPackage[]): SystemPackage[] {
  return packages.filter((p) => !p.check.present(host));
}

/** The command a person with root runs to install `names`. */
export function aptCommand(names: readonly string[]): string {
  return `apt-get update && apt-get install -y --no-install-recommends ${names.join(' ')}`;
}

/** Whether `sudo` runs without asking for a password (`sudo -n` fails at once when it would ask). */
function hasPasswordlessSudo(host: SetupHost): boolean {
  return host.run('sudo', ['-n', 'true']).status === 0;
}

/** The last lines of a command's output, for a failure message that stays readable. */
function tail(output: string, lines = 15): string {
  return output.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Installs whatever of `packages` is missing, with apt-get as root or through passwordless sudo
 * (`apt-get update` once, then one `apt-get install`), and checks again. Returns the exit code for the
 * test command: 0 when everything is present. When it cannot install it logs ONE line naming exactly
 * what is missing and the command to run, and returns 1 without touching anything.
 */
export function ensureSystemPackages(host: SetupHost, packages: readonly SystemPackage[]): number {
  const missing = missingPackages(host, packages);
  if (missing.length === 0) {
    host.log(`test set-up: system packages present (${packages.map((p) => p.name).join(', ')})`);
    return 0;
  }
  const names = missing.map((p) => p.name);
  const what = missing
    .map((p) => `${p.name} (for the ${p.neededBy}; checked: ${p.check.looksAt})`)
    .join(', ');

  if (!host.isExecutable(APT_GET)) {
    host.log(`test set-up: missing ${what}; this machine has no ${APT_GET}: install their equivalents`);
    return 1;
  }
  const sudo = host.isRoot ? [] : hasPasswordlessSudo(host) ? ['sudo', '-n'] : undefined;
  if (sudo === undefined) {
    host.log(
      `test set-up: missing ${what}; not root and no passwordless sudo, so as root run: ${aptCommand(names)}`,
    );
    return 1;
  }

  host.log(`test set-up: installing from Debian: ${names.join(' ')}`);
  // sudo drops most of the environment, so DEBIAN_FRONTEND goes through env(1) to reach apt-get.
  const apt = (...args: string[]): { status: number | undefined; output: string } => {
    const argv = [...sudo, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
    return host.run(argv[0]!, argv.slice(1));
  };
  const update = apt('update', '-qq');
  if (update.status !== 0) {
    host.log(`test set-up: apt-get update failed (exit ${update.status ?? 'none'}):\n${tail(update.output)}`);
    return 1;
  }
  const install = apt('install', '-y', '-qq', '--no-install-recommends', ...names);
  if (install.status !== 0) {
    host.log(`test set-up: apt-get install ${names.join(' ')} failed:\n${tail(install.output)}`);
    return 1;
  }
  const still = missingPackages(host, missing);
  if (still.length > 0) {
    host.log(
      `test set-up: installed, yet still missing ${still.map((p) => `${p.name} (checked: ${p.check.looksAt})`).join(', ')}`,
    );
    return 1;
  }
  host.log(`test set-up: installed ${names.join(' ')}`);
  return 0;
}
