import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';

/** The account every test topology uses. */
export const TEST_ACCOUNT = '123456789012';

const CDK_JSON = join(__dirname, '..', '..', 'cdk.json');

/**
 * A fresh App configured like the example app (the feature flags of cdk.json), synthesizing into its own
 * temporary directory so tests never share or leave a cdk.out.
 */
export function testApp(context: Record<string, unknown> = {}): App {
  const cdkJson = JSON.parse(readFileSync(CDK_JSON, 'utf-8'));
  return new App({
    outdir: mkdtempSync(join(tmpdir(), 'crs-test-')),
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
