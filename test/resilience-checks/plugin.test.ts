import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, IPolicyValidationContext, IPolicyValidationPlugin, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { ENV, idsAndLevels } from './fixtures';
import { ResilienceChecks } from '../../src/resilience-checks';
import { testApp } from '../harness';

// Two ways to run the pack: validateScope(app), and aws-cdk-lib's validation plugins (Validations.of(app).addPlugins),
// which give the pack the construct tree (`appConstruct`) from aws-cdk-lib 2.258 on. This project's aws-cdk-lib
// (2.257) does not: there the pack refuses to run as a plugin. One acknowledgement id serves both ways.

function unsafeTable(stack: Stack, id = 'Table'): dynamodb.TableV2 {
  return new dynamodb.TableV2(stack, id, {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY,
  });
}

interface PluginReport {
  readonly summary: { pluginName: string; status: string; metadata?: { error?: string } };
  readonly violations: Array<{ ruleName: string }>;
}

/** The plugin reports aws-cdk-lib wrote into the cloud assembly (`policy-validation-report.json`). */
function pluginReports(app: App): PluginReport[] {
  const assembly = app.synth();
  return JSON.parse(readFileSync(join(assembly.directory, 'policy-validation-report.json'), 'utf-8')).pluginReports;
}

/** The whole refusal: value as given, problem, Allowed and Fix. */
function refusal(value: string): RegExp {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\[ResilienceChecks\\] invalid validation context ${escape(value)}: this aws-cdk-lib runs validation plugins without the ` +
    'construct tree \\(appConstruct, passed from aws-cdk-lib 2\\.258 on\\).*it would check nothing\\. ' +
    'Allowed: new ResilienceChecks\\(\\)\\.validateScope\\(app\\) with any aws-cdk-lib; .*2\\.258 or newer\\. ' +
    'Fix: remove the plugin and call new ResilienceChecks\\(\\)\\.validateScope\\(app\\).*or upgrade aws-cdk-lib to 2\\.258 or newer\\.$');
}

describe('ResilienceChecks as a validation plugin', () => {
  test.each<[string, IPolicyValidationContext, string]>([
    ['the context has template paths only (aws-cdk-lib 2.257)', { templatePaths: ['/cdk.out/One.template.json'] },
      '{ templatePaths: [1 path(s)], appConstruct: undefined }'],
    ['the context has no templates either', { templatePaths: [] }, '{ templatePaths: [0 path(s)], appConstruct: undefined }'],
    ['the context\'s appConstruct is not a construct', { templatePaths: [], appConstruct: 'app' } as IPolicyValidationContext,
      '{ templatePaths: [0 path(s)], appConstruct: app }'],
  ])('fails when %s', (_, context, value) => {
    // GIVEN
    const pack = new ResilienceChecks();
    // WHEN / THEN
    expect(() => pack.validate(context)).toThrow(refusal(value));
  });

  test('fails synth\'s validation report, with the fix, when registered on this aws-cdk-lib', () => {
    // GIVEN
    const app = testApp();
    unsafeTable(new Stack(app, 'One', { env: ENV }));
    Validations.of(app).addPlugins(new ResilienceChecks());
    // WHEN
    const [report] = pluginReports(app).filter((r) => r.summary.pluginName === 'Resilience');
    // THEN
    expect(report.summary.status).toBe('failure');
    expect(report.summary.metadata?.error).toMatch(/^Validation plugin 'Resilience' failed: /);
    expect(report.summary.metadata?.error?.replace(/^Validation plugin 'Resilience' failed: /, ''))
      .toMatch(refusal('{ templatePaths: [1 path(s)], appConstruct: undefined }'));
  });

  test('accepts a context with the construct tree (aws-cdk-lib 2.258 on), and reports what validateScope reports', () => {
    // GIVEN
    const app = new App();
    unsafeTable(new Stack(app, 'One', { env: ENV }));
    const context = { templatePaths: [], appConstruct: app } as IPolicyValidationContext;
    // WHEN
    const asPlugin = new ResilienceChecks().validate(context);
    const direct = new ResilienceChecks().validateScope(app);
    // THEN
    expect(asPlugin).toEqual(direct);
    expect(asPlugin.violations.map((v) => v.ruleName)).toEqual([
      'Resilience-DDBGlobalTablePITR', 'Resilience-DDBGlobalTableDeletionProtection', 'Resilience-DDBGlobalTableRetain',
    ]);
  });
});

describe('ResilienceChecks acknowledgements', () => {
  test.each<[string, (table: dynamodb.TableV2) => void]>([
    ['the finding id on the resource', (table) => Validations.of(table).acknowledge({ id: 'Resilience-DDBGlobalTablePITR', reason: 'derived data, rebuilt from S3' })],
    ['the plugin report\'s id on the resource', (table) => Validations.of(table).acknowledge({ id: 'Resilience::Resilience-DDBGlobalTablePITR', reason: 'derived data, rebuilt from S3' })],
    ['the plugin report\'s id on the stack', (table) => Validations.of(Stack.of(table)).acknowledge({ id: 'Resilience::Resilience-DDBGlobalTablePITR', reason: 'derived data, rebuilt from S3' })],
  ])('accepts %s, in validateScope and as a plugin, for that resource only', (_, acknowledge) => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'One', { env: ENV });
    const table = unsafeTable(stack);
    const other = unsafeTable(new Stack(app, 'Two', { env: ENV }), 'Other');
    acknowledge(table);
    // WHEN
    const direct = new ResilienceChecks().validateScope(app);
    const asPlugin = new ResilienceChecks().validate({ templatePaths: [], appConstruct: app } as IPolicyValidationContext);
    // THEN
    const pitr = direct.violations.find((v) => v.ruleName === 'Resilience-DDBGlobalTablePITR');
    expect(pitr?.violatingResources.map((r) => r.constructPath)).toEqual([other.node.defaultChild!.node.path]);
    expect(idsAndLevels(app)).toEqual([
      'Resilience-DDBGlobalTableDeletionProtection:error', 'Resilience-DDBGlobalTablePITR:error', 'Resilience-DDBGlobalTableRetain:error',
    ]);
    expect(asPlugin).toEqual(direct);
  });

  test('drops a violation acknowledged everywhere with the plugin id, and reports success when nothing is left', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'One', { env: ENV });
    unsafeTable(stack);
    for (const id of ['DDBGlobalTablePITR', 'DDBGlobalTableDeletionProtection', 'DDBGlobalTableRetain']) {
      Validations.of(stack).acknowledge({ id: `Resilience::Resilience-${id}`, reason: 'a scratch table for load tests' });
    }
    // WHEN
    const report = new ResilienceChecks().validateScope(app);
    // THEN
    expect(report).toEqual({ success: true, violations: [] });
  });

  test('the plugin report\'s id is what aws-cdk-lib\'s plugin loop honours: `<plugin name>::<rule name>`', () => {
    // GIVEN: the pack as aws-cdk-lib 2.258 runs it (the context carries the app), and a `Resilience::` acknowledgement
    // on a construct outside the table's ancestors: the pack does not apply it there, aws-cdk-lib's loop (which reads
    // every acknowledgement in the app) does, so the rule disappears only if the loop forms the same id.
    const app = testApp();
    unsafeTable(new Stack(app, 'One', { env: ENV }));
    const elsewhere = new Stack(app, 'Elsewhere', { env: ENV });
    Validations.of(elsewhere).acknowledge({ id: 'Resilience::Resilience-DDBGlobalTableRetain', reason: 'a scratch table for load tests' });
    const pack = new ResilienceChecks();
    const asNewerCdk: IPolicyValidationPlugin = {
      name: pack.name,
      validate: (context) => pack.validate({ ...context, appConstruct: app } as IPolicyValidationContext),
    };
    Validations.of(app).addPlugins(asNewerCdk);
    // WHEN
    const direct = new ResilienceChecks().validateScope(app).violations.map((v) => v.ruleName);
    const [report] = pluginReports(app).filter((r) => r.summary.pluginName === 'Resilience');
    // THEN
    expect(direct).toContain('Resilience-DDBGlobalTableRetain');
    expect(report.violations.map((v) => `${report.summary.pluginName}::${v.ruleName}`)).toEqual([
      'Resilience::Resilience-DDBGlobalTablePITR', 'Resilience::Resilience-DDBGlobalTableDeletionProtection',
    ]);
  });
});
