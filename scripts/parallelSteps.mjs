// `node scripts/parallelSteps.mjs typecheck lint security`: runs those npm scripts at the same time and
// fails if any of them fails. `npm test` runs its independent checks this way: each is one process on one
// core, and two of them (Electronegativity's release-list fetch, npm audit) mostly wait on the network, so
// on the 2-core CI machine the three together take about as long as the longest (docs/TESTING.md).
// Each script's output is held and printed whole when it ends, so the log reads as if they ran in turn.
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: node scripts/parallelSteps.mjs <npm script> [<npm script> ...]');
  process.exit(2);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const children = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
    process.exit(1);
  });
}

/** Runs `npm run <name>` with its stdout and stderr interleaved into one buffer, as a terminal would show them. */
function run(name) {
  const startedMs = performance.now();
  const child = spawn(npm, ['run', name], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const chunks = [];
  child.stdout.on('data', (chunk) => chunks.push(chunk));
  child.stderr.on('data', (chunk) => chunks.push(chunk));
  return new Promise((resolve) => {
    child.on('error', (error) => chunks.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code, signal) => {
      children.delete(child);
      const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
      const ok = code === 0;
      process.stdout.write(Buffer.concat(chunks));
      console.log(
        `== npm run ${name}: ${ok ? 'passed' : `FAILED (${signal ?? `exit ${code}`})`} in ${seconds} s\n`,
      );
      resolve(ok);
    });
  });
}

const results = await Promise.all(names.map(run));
const failed = names.filter((_, i) => !results[i]);
if (failed.length > 0) {
  console.error(`failed: ${failed.map((name) => `npm run ${name}`).join(', ')}`);
  process.exit(1);
}
