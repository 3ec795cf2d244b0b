import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';

/** The account every test topology uses. */
export const TEST_ACCOUNT = '123456789012';

const CDK_JSON = join(__dirname, '..', '..', 'cdk.json');

/** The environment variable that names the test run's folder (set by the jest global setup). */
export const TEST_RUN_DIR_VARIABLE = 'CRS_TEST_RUN_DIR';

let processRunDir: string | undefined;

/**
 * The test run's own folder, where every test app synthesizes and every temporary file goes: made by the jest
 * global setup and removed by its teardown, after cfn-lint has read the templates. Outside that (a script, or jest
 * run without the project's config), a folder for this process, removed when it exits.
 */
export function testRunDir(): string {
  const shared = process.env[TEST_RUN_DIR_VARIABLE];
  if (shared) return shared;
  if (!processRunDir) {
    const dir = mkdtempSync(join(tmpdir(), 'crs-test-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    processRunDir = dir;
  }
  return processRunDir;
}

/**
 * A fresh App configured like the example app (the feature flags of cdk.json), synthesizing into its own
 * folder inside the test run's folder, so tests never share a cdk.out and the run leaves none behind.
 */
export function testApp(context: Record<string, unknown> = {}): App {
  const cdkJson = JSON.parse(readFileSync(CDK_JSON, 'utf-8'));
  const apps = join(testRunDir(), 'apps');
  mkdirSync(apps, { recursive: true });
  return new App({
    outdir: mkdtempSync(join(apps, 'app-')),
    context: {
      ...cdkJson.context,
      // The harness reads every annotation itself (checkers.ts); aws-cdk-lib must not print its report or set
      // process.exitCode, which would fail the jest run with every test green.
      '@aws-cdk/core:failSynthOnValidationErrors': false,
      '@aws-cdk/core:annotationsInValidationReport': false,
      // Tests read the resilience report from the assembly; its synth summary would only clutter their output.
      'cdk-resilient-serverless:printSummary': false,
      ...context,
    },
  });
}

/** Every stack of the app (nested stages included), synthesized once and cached by aws-cdk-lib. */
export function synthesize(app: App): CloudAssembly {
  return app.synth();
}

/** Every stack's template, keyed by stack name. */
export function templates(app: App): Record<string, any> {
  const assembly = synthesize(app);
  const result: Record<string, any> = {};
  for (const stack of assembly.stacksRecursively) {
    result[stack.stackName] = stack.template;
  }
  return result;
}

/** The `Template` of one stack, for fine-grained assertions. */
export function templateOf(stack: Stack): Template {
  return Template.fromStack(stack);
}

const ASSET_HASH = /[0-9a-f]{64}/g;

/**
 * Every stack's template with asset hashes replaced by a fixed marker, for snapshot tests: a change in
 * bundled code is not a change in the topology, and must not make a snapshot drift.
 */
export function snapshotOf(app: App): Record<string, any> {
  return JSON.parse(JSON.stringify(templates(app)).replace(ASSET_HASH, '<asset-hash>'));
}
