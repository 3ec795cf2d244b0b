// Jest globalTeardown (jestConfig.globalTeardown): cfn-lint over every checked template, then the run's folder goes.
import { currentTestRun, finishTestRun } from './test-run';

export default function globalTeardown(): void {
  const run = currentTestRun();
  if (!run) return;
  const result = finishTestRun(run);
  if (result.skipped) console.warn(`cfn-lint skipped: ${result.skipped}`);
  else if (result.linted > 0) console.log(`cfn-lint: ${result.linted} template(s), no unacknowledged finding`);
}
