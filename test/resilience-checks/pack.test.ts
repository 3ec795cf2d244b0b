import { App, RemovalPolicy, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as fis from 'aws-cdk-lib/aws-fis';
import { ENV, check, idsAndLevels } from './fixtures';
import { ResilienceChecks } from '../../src/resilience-checks';

function unsafeTable(stack: Stack, id = 'Table'): dynamodb.TableV2 {
  return new dynamodb.TableV2(stack, id, {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY,
  });
}

describe('ResilienceChecks pack', () => {
  test('names itself Resilience and lists its eleven rule ids', () => {
    // GIVEN
    const pack = new ResilienceChecks();
    // WHEN
    const ids = pack.ruleIds;
    // THEN
    expect(pack.name).toBe('Resilience');
    expect(pack.readPackName).toBe('Resilience');
    expect(ids).toEqual([
      'Resilience-DDBGlobalTablePITR', 'Resilience-DDBGlobalTableDeletionProtection', 'Resilience-DDBGlobalTableRetain',
      'Resilience-R53RoutingHealthCheck', 'Resilience-R53FailoverTTL', 'Resilience-R53HealthCheckDetectionTime',
      'Resilience-LambdaAsyncFailureDestination', 'Resilience-SFNTaskRetry', 'Resilience-SFNCompensationRetryCatch',
      'Resilience-SFNSagaStandard', 'Resilience-FISAlarmStopCondition',
    ]);
  });

  test('fails every unsafe resource across the stacks and stages of an app, grouped by finding id', () => {
    // GIVEN
    const app = new App();
    unsafeTable(new Stack(app, 'One', { env: ENV }));
    unsafeTable(new Stack(new Stage(app, 'Eu'), 'Two', { env: { ...ENV, region: 'eu-west-1' } }));
    // WHEN
    const findings = check(app);
    // THEN
    expect(findings.map((f) => [f.id, f.level, f.paths])).toEqual([
      ['Resilience-DDBGlobalTablePITR', 'error', ['One/Table/Resource', 'Eu/Two/Table/Resource']],
      ['Resilience-DDBGlobalTableDeletionProtection', 'error', ['One/Table/Resource', 'Eu/Two/Table/Resource']],
      ['Resilience-DDBGlobalTableRetain', 'error', ['One/Table/Resource', 'Eu/Two/Table/Resource']],
    ]);
  });

  test('gives the fix in the finding, and the explanation when verbose', () => {
    // GIVEN
    const app = new App();
    unsafeTable(new Stack(app, 'One', { env: ENV }));
    // WHEN
    const terse = check(app).find((f) => f.id === 'Resilience-DDBGlobalTablePITR')!;
    const verbose = check(app, { verbose: true }).find((f) => f.id === 'Resilience-DDBGlobalTablePITR')!;
    // THEN
    expect(terse.description).toMatch(/Fix: set pointInTimeRecoverySpecification/);
    expect(verbose.description).toMatch(/Fix: .*Replication protects against the loss of a region/);
  });

  test('drops a finding acknowledged on the resource or an ancestor, and only that finding', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'One', { env: ENV });
    const table = unsafeTable(stack);
    Validations.of(stack).acknowledge({ id: 'Resilience-DDBGlobalTableRetain', reason: 'scratch table, recreated by the nightly job' });
    Validations.of(table).acknowledge({ id: 'Resilience-DDBGlobalTablePITR', reason: 'the data is derived and rebuilt from S3' });
    // WHEN
    const findings = idsAndLevels(app);
    // THEN
    expect(findings).toEqual(['Resilience-DDBGlobalTableDeletionProtection:error']);
  });

  test('passes an app of plain aws-cdk-lib resources the rules do not concern', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'One', { env: ENV });
    new dynamodb.Table(stack, 'Regional', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    // WHEN
    const result = new ResilienceChecks().validateScope(app);
    // THEN
    expect(result).toEqual({ success: true, violations: [] });
  });

  test('reports each run afresh when the same pack validates twice', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'One', { env: ENV });
    const pack = new ResilienceChecks();
    const experiment = new fis.CfnExperimentTemplate(stack, 'Experiment', {
      description: 'x', roleArn: 'arn:aws:iam::123456789012:role/fis', targets: {}, stopConditions: [{ source: 'none' }],
    });
    // WHEN
    const before = pack.validateScope(app).violations.map((v) => v.ruleName);
    experiment.stopConditions = [{ source: 'aws:cloudwatch:alarm', value: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors' }];
    const after = pack.validateScope(app).violations.map((v) => v.ruleName);
    // THEN
    expect(before).toEqual(['Resilience-FISAlarmStopCondition']);
    expect(after).toEqual([]);
  });
});
