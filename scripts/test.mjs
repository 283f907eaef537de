// Runs the test suite and ends with the line CI reads: "N passed, N failed".
// Extra arguments go to vitest (e.g. a file filter).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const results = '.vitest-results.json';
rmSync(results, { force: true });
const run = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
let passed = 0;
let failed = 0;
try {
  const json = JSON.parse(readFileSync(results, 'utf8'));
  passed = json.numPassedTests;
  failed = json.numFailedTests;
  // A test file that fails to load has no failed tests but is a failure all the same.
  failed += json.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  for (const file of json.testResults) {
    for (const test of file.assertionResults) {
      if (test.status === 'failed') console.log(`FAILED: ${file.name.replace(process.cwd() + '/', '')} > ${test.fullName}`);
    }
    if (file.status === 'failed' && file.assertionResults.length === 0) console.log(`FAILED: ${file.name} (${file.message})`);
  }
} catch {
  failed = Math.max(failed, 1);
}
if (run.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || run.status !== 0 ? 1 : 0);
