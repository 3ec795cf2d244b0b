import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_RUN_DIR_VARIABLE } from './app';
import { CfnLintResult, lintRecordedTemplates } from './cfn-lint';

/**
 * A test run's life: one folder for everything the run writes, made before the first test and removed after the
 * last, once cfn-lint has read the templates. Jest's global setup and teardown drive it (global-setup.ts,
 * global-teardown.ts); the harness's own tests start a run of their own inside a test, and finish it.
 */

/** Where a run keeps the variables it replaced, for the teardown (another module load, maybe another process). */
const PREVIOUS_VARIABLE = 'CRS_TEST_RUN_PREVIOUS';
const VARIABLES = ['TMPDIR', TEST_RUN_DIR_VARIABLE, PREVIOUS_VARIABLE];

/** A started run: its folder, and the environment to put back when it finishes. */
export interface TestRun {
  readonly dir: string;
  readonly previous: Record<string, string | undefined>;
}

/**
 * Makes the run's folder under `root` and points the harness (and, through TMPDIR, every library that writes
 * temporary files: aws-cdk-lib's asset staging, an App without an outdir) at it. Jest workers start after the global
 * setup, so they inherit the variables.
 */
export function startTestRun(root: string = tmpdir()): TestRun {
  const previous = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  const dir = mkdtempSync(join(root, 'crs-test-run-'));
  mkdirSync(join(dir, 'tmp'));
  process.env.TMPDIR = join(dir, 'tmp');
  process.env[TEST_RUN_DIR_VARIABLE] = dir;
  process.env[PREVIOUS_VARIABLE] = JSON.stringify(previous);
  return { dir, previous };
}

/** The run this process is part of, if any. */
export function currentTestRun(): TestRun | undefined {
  const dir = process.env[TEST_RUN_DIR_VARIABLE];
  return dir ? { dir, previous: JSON.parse(process.env[PREVIOUS_VARIABLE] ?? '{}') } : undefined;
}

/**
 * Lints every template recorded in `run` in one cfn-lint invocation, removes the run's folder and restores the
 * environment whatever the outcome, and throws when cfn-lint found an unacknowledged error or warning (jest then
 * exits non-zero).
 */
export function finishTestRun(run: TestRun): CfnLintResult {
  try {
    const result = lintRecordedTemplates(run.dir);
    if (result.problems.length > 0) {
      throw new Error(`cfn-lint: ${result.problems.length} unacknowledged finding(s) in ${result.linted} template(s):\n  ` +
        result.problems.join('\n  '));
    }
    return result;
  } finally {
    rmSync(run.dir, { recursive: true, force: true });
    for (const name of VARIABLES) {
      const value = run.previous[name];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
