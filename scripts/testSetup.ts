/**
 * `npm run test:setup`, the first step of `npm test`: makes sure the Debian packages the tests need are
 * installed (installing them as root or through passwordless sudo), or says in one line what is missing
 * and how to install it, and fails. See scripts/systemPackages.ts for the list.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { SYSTEM_PACKAGES, ensureSystemPackages, type SetupHost } from './systemPackages.js';

const host: SetupHost = {
  isRoot: process.getuid?.() === 0,
  run(command, args) {
    const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return {
      status: result.error ? undefined : (result.status ?? undefined),
      output: `${result.stdout ?? ''}${result.stderr ?? ''}`,
    };
  },
  isExecutable(path) {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  log: (line) => console.log(line),
};

process.exitCode = ensureSystemPackages(host, SYSTEM_PACKAGES);
