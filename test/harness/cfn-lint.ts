import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, isAbsolute, join, relative } from 'node:path';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { TEST_RUN_DIR_VARIABLE } from './app';

/**
 * cfn-lint (1.x, Python) over every template the checkers pass, in one invocation per jest run: it costs seconds to
 * start, so the harness records each checked template (`recordForCfnLint`, from `expectNoUnacknowledgedFindings`) and
 * the global teardown lints them all (`lintRecordedTemplates`), mapping each finding back to its test and construct.
 * Errors and warnings fail the run unless acknowledged below; in CI (`CI=true`) cfn-lint must be installed.
 */

/**
 * Rules whose findings are acknowledged everywhere, with the reason. Only for findings aws-cdk-lib writes itself,
 * in every template, that no construct of ours can avoid.
 */
export const CFN_LINT_ACKNOWLEDGED: Record<string, string> = {
  W3005: 'aws-cdk-lib writes a DependsOn for each construct dependency (a function or state machine on its role) even ' +
    'where a GetAtt already implies the order (the role\'s ARN); the duplicate changes nothing in how CloudFormation ' +
    'orders the resources',
};

/** One synthesized template that the checkers passed, and how to name what is in it. */
interface TemplateRecord {
  readonly template: string;
  readonly stack: string;
  readonly test: string;
  /** Logical id -> construct path. */
  readonly paths: Record<string, string>;
}

/** What linting the recorded templates found. */
export interface CfnLintResult {
  /** How many distinct templates cfn-lint read (identical templates from several tests are linted once). */
  readonly linted: number;
  /** Unacknowledged errors and warnings, one readable line each. */
  readonly problems: string[];
  /** Set when cfn-lint was not run, saying why. */
  readonly skipped?: string;
}

const RECORDS = 'cfn-lint';

/**
 * Records every stack template of `assembly` for the run's cfn-lint pass, in the test run's folder; nothing when there
 * is no test run (jest without the project's global setup).
 */
export function recordForCfnLint(assembly: CloudAssembly): void {
  const runDir = process.env[TEST_RUN_DIR_VARIABLE];
  if (!runDir) return;
  const dir = join(runDir, RECORDS);
  mkdirSync(dir, { recursive: true });
  const test = currentTestName();
  const lines = assembly.stacksRecursively.map((stack) => {
    const paths: Record<string, string> = {};
    for (const entry of stack.findMetadataByType('aws:cdk:logicalId')) paths[String(entry.data)] = entry.path.replace(/^\//, '');
    const record: TemplateRecord = { template: stack.templateFullPath, stack: stack.hierarchicalId, test, paths };
    return JSON.stringify(record);
  });
  // One file per process: jest workers append side by side.
  if (lines.length > 0) appendFileSync(join(dir, `${process.pid}.jsonl`), lines.map((l) => `${l}\n`).join(''));
}

/** Lints every template recorded under `runDir` in one cfn-lint invocation. */
export function lintRecordedTemplates(runDir: string): CfnLintResult {
  const dir = join(runDir, RECORDS);
  const records: TemplateRecord[] = existsSync(dir)
    ? readdirSync(dir).flatMap((file) => readFileSync(join(dir, file), 'utf-8').split('\n').filter(Boolean).map((l) => JSON.parse(l)))
    : [];
  if (records.length === 0) return { linted: 0, problems: [] };

  // Many tests synthesize the same topology: lint each distinct template once, and report it against its first test.
  const byContent = new Map<string, TemplateRecord[]>();
  for (const record of records) {
    const hash = createHash('sha256').update(readFileSync(record.template)).digest('hex');
    byContent.set(hash, [...(byContent.get(hash) ?? []), record]);
  }
  const owners = new Map([...byContent.values()].map((rs) => [rs[0].template, rs] as const));

  const command = cfnLintCommand();
  const run = spawnSync(command, ['--format', 'json', '--', ...owners.keys()], { encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
    const skipped = `cfn-lint not found (looked for '${command}'): ${owners.size} templates not linted. ` +
      'Install it with `pip install cfn-lint` (1.x)';
    if (process.env.CI === 'true') throw new Error(`${skipped}; CI requires it`);
    return { linted: 0, problems: [], skipped };
  }
  // Exit status is a sum of what was found (2 errors, 4 warnings, 8 informational): odd (1) or a signal means it failed.
  if (run.error || run.status === null || run.status % 2 === 1) {
    throw new Error(`cfn-lint did not run: ${run.error?.message ?? `exit ${run.status ?? run.signal}`}\n${run.stderr}`);
  }
  const matches = JSON.parse(run.stdout || '[]') as CfnLintMatch[];
  const problems = matches
    .filter((m) => m.Level !== 'Informational' && !(m.Rule.Id in CFN_LINT_ACKNOWLEDGED))
    .map((m) => describe(m, owners.get(m.Filename) ?? []));
  return { linted: owners.size, problems };
}

/** The cfn-lint executable: `CFN_LINT` if set, else `cfn-lint` on the PATH. */
function cfnLintCommand(): string {
  return process.env.CFN_LINT ?? 'cfn-lint';
}

/** Whether cfn-lint is installed (found on the PATH, or at `CFN_LINT`), without paying for its start-up. */
export function cfnLintInstalled(): boolean {
  const command = cfnLintCommand();
  if (isAbsolute(command)) return existsSync(command);
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

interface CfnLintMatch {
  readonly Filename: string;
  readonly Level: 'Error' | 'Warning' | 'Informational';
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Path?: (string | number)[]; readonly Start: { readonly LineNumber: number } };
}

/** `[cfn-lint E3002] <construct path> in stack <stack> (test '<name>' and N more): <message>`. */
function describe(match: CfnLintMatch, records: TemplateRecord[]): string {
  const first = records[0];
  const [section, logicalId] = match.Location.Path ?? [];
  const where = first && section === 'Resources' && typeof logicalId === 'string'
    ? first.paths[logicalId] ?? `${logicalId} (logical id)`
    : `${section ?? 'template'} line ${match.Location.Start.LineNumber}`;
  const tests = records.length > 1 ? ` and ${records.length - 1} more` : '';
  return `[cfn-lint ${match.Rule.Id}] ${where} in stack ${first?.stack ?? match.Filename} (test '${first?.test ?? '?'}'${tests}): ${match.Message}`;
}

/** `test/x/y.test.ts › describe test`, or a placeholder outside jest. */
function currentTestName(): string {
  const state = (globalThis as any).expect?.getState?.();
  if (!state?.testPath) return '<outside a test>';
  return `${relative(process.cwd(), state.testPath)} › ${state.currentTestName ?? ''}`;
}
