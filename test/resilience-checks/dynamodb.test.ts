import { CfnParameter, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { findingsOf, idsAndLevels, newStack } from './fixtures';

const PITR = 'Resilience-DDBGlobalTablePITR';
const PROTECTION = 'Resilience-DDBGlobalTableDeletionProtection';
const RETAIN = 'Resilience-DDBGlobalTableRetain';

function table(stack: Stack, props: Partial<dynamodb.TablePropsV2> = {}): dynamodb.TableV2 {
  return new dynamodb.TableV2(stack, 'Table', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    replicas: [{ region: 'eu-west-1' }],
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    ...props,
  });
}

describe('DynamoDB global tables', () => {
  test('passes a TableV2 with PITR, deletion protection and the default RETAIN policy', () => {
    // GIVEN
    const stack = newStack();
    table(stack);
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([]);
  });

  test('fails when point-in-time recovery is off', () => {
    // GIVEN
    const stack = newStack();
    table(stack, { pointInTimeRecoverySpecification: undefined });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${PITR}:error`]);
    expect(findingsOf(stack, PITR)[0].paths).toEqual(['Stack/Table/Resource']);
  });

  test('fails when one replica turns point-in-time recovery off', () => {
    // GIVEN
    const stack = newStack();
    table(stack, { replicas: [{ region: 'eu-west-1', pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false } }] });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${PITR}:error`]);
  });

  test('fails when deletion protection is off', () => {
    // GIVEN
    const stack = newStack();
    table(stack, { deletionProtection: false });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${PROTECTION}:error`]);
  });

  test('fails when the table is destroyed with the stack', () => {
    // GIVEN
    const stack = newStack();
    table(stack, { removalPolicy: RemovalPolicy.DESTROY });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${RETAIN}:error`]);
  });

  test('fails when only the DeletionPolicy is retained, not the UpdateReplacePolicy', () => {
    // GIVEN
    const stack = newStack();
    const t = table(stack);
    (t.node.defaultChild as dynamodb.CfnGlobalTable).applyRemovalPolicy(RemovalPolicy.DESTROY);
    (t.node.defaultChild as dynamodb.CfnGlobalTable).applyRemovalPolicy(RemovalPolicy.RETAIN, { applyToUpdateReplacePolicy: false });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${RETAIN}:error`]);
  });

  test('passes RETAIN_ON_UPDATE_OR_DELETE (DeletionPolicy RetainExceptOnCreate)', () => {
    // GIVEN
    const stack = newStack();
    table(stack, { removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([]);
  });

  test('fails when a raw CfnGlobalTable has none of the protections, one finding per rule', () => {
    // GIVEN
    const stack = newStack();
    new dynamodb.CfnGlobalTable(stack, 'Raw', {
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
      billingMode: 'PAY_PER_REQUEST',
      replicas: [{ region: 'us-east-1' }, { region: 'eu-west-1' }],
    });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${PROTECTION}:error`, `${PITR}:error`, `${RETAIN}:error`]);
  });

  test('passes a raw CfnGlobalTable whose protections are set with escape hatches', () => {
    // GIVEN
    const stack = newStack();
    const raw = new dynamodb.CfnGlobalTable(stack, 'Raw', {
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
      billingMode: 'PAY_PER_REQUEST',
      replicas: [{ region: 'us-east-1', deletionProtectionEnabled: true }],
    });
    raw.addPropertyOverride('Replicas.0.PointInTimeRecoverySpecification', { PointInTimeRecoveryEnabled: 'true' });
    raw.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([]);
  });

  test('fails when point-in-time recovery depends on a parameter, since synth cannot prove it is on', () => {
    // GIVEN
    const stack = newStack();
    const enabled = new CfnParameter(stack, 'Pitr', { type: 'String', allowedValues: ['true', 'false'] });
    new dynamodb.CfnGlobalTable(stack, 'Raw', {
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
      billingMode: 'PAY_PER_REQUEST',
      replicas: [{
        region: 'us-east-1',
        deletionProtectionEnabled: true,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: Fn.conditionEquals(enabled.valueAsString, 'true') as any },
      }],
    }).applyRemovalPolicy(RemovalPolicy.RETAIN);
    // WHEN
    const findings = findingsOf(stack, PITR);
    // THEN
    expect(findings).toEqual([{ id: PITR, level: 'error', paths: ['Stack/Raw'] }]);
  });
});
