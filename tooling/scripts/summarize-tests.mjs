// Prints the one closing line CI reads, `Tests: N passed, N failed[, N skipped]`,
// from vitest's JSON report; exits 1 when the report is missing or counts a failure.
import { readFileSync } from 'node:fs';

const path = process.argv[2];
let r;
try {
  r = JSON.parse(readFileSync(path, 'utf8'));
} catch (e) {
  console.log('Tests: 0 passed, 1 failed');
  console.error(`summarize-tests: no vitest report at ${path} (${e.message})`);
  process.exit(1);
}
const failedSuites = (r.testResults ?? []).filter(
  (s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0,
).length;
const failed = r.numFailedTests + failedSuites;
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`Tests: ${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || r.numPassedTests === 0 ? 1 : 0);
