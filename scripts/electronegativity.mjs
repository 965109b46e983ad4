// Runs Electronegativity (Doyensec's Electron security linter) over the desktop shell and fails on any
// HIGH or MEDIUM finding that config/electronegativity-accepted.json does not explain. The tool tries to
// fetch Electron's release list; offline it says so and carries on with the version given here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const accepted = JSON.parse(
  readFileSync(path.join(root, 'config/electronegativity-accepted.json'), 'utf8'),
).accepted;
const dir = mkdtempSync(path.join(tmpdir(), 'electronegativity-'));
const sarif = path.join(dir, 'report.sarif');
try {
  execFileSync(
    process.execPath,
    [
      require.resolve('@doyensec/electronegativity/dist/index.js'),
      '-i',
      path.join(root, 'src-main/electron'),
      '-e',
      electronVersion,
      '-r',
      '-v',
      'false',
      '-o',
      sarif,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 },
  );
  const report = JSON.parse(readFileSync(sarif, 'utf8'));
  const rules = new Map((report.runs[0].tool.driver.rules ?? []).map((r) => [r.id, r]));
  const findings = report.runs[0].results.map((r) => {
    const rule = rules.get(r.ruleId);
    const severity = String(rule?.properties?.severity ?? r.level ?? '').toUpperCase();
    const file = path.basename(r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? 'N/A');
    return { check: r.ruleId, severity, file };
  });
  const relevant = findings.filter((f) => !/LOW|INFORMATIONAL|NOTE/.test(f.severity));
  const open = relevant.filter(
    (f) => !accepted.some((a) => a.check === f.check && (a.file === f.file || a.file === '*')),
  );
  for (const f of findings) {
    const status = !relevant.includes(f) ? 'low     ' : open.includes(f) ? 'OPEN    ' : 'accepted';
    console.log(`${status} ${f.check} (${f.severity || 'unrated'}) ${f.file}`);
  }
  if (open.length > 0) {
    console.error(
      `electronegativity: ${open.length} finding(s) not explained in config/electronegativity-accepted.json`,
    );
    process.exit(1);
  }
  console.log(`electronegativity: ${findings.length} finding(s), none open`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
