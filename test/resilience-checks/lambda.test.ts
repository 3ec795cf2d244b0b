import { Fn, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { findingsOf, idsAndLevels, newStack } from './fixtures';

const ASYNC = 'Resilience-LambdaAsyncFailureDestination';

function fn(stack: Stack, id = 'Fn', props: Partial<lambda.FunctionProps> = {}): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
    ...props,
  });
}

describe('Lambda asynchronous failure destination', () => {
  test('fails (warning) when a function has neither onFailure nor a dead-letter queue', () => {
    // GIVEN
    const stack = newStack();
    fn(stack);
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${ASYNC}:warning`]);
    expect(findingsOf(stack, ASYNC)[0].paths).toEqual(['Stack/Fn/Resource']);
  });

  test('fails (warning) when the function\'s EventInvokeConfig only tunes retries', () => {
    // GIVEN
    const stack = newStack();
    fn(stack, 'Fn', { retryAttempts: 0 });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${ASYNC}:warning`]);
  });

  test('passes a function with an onFailure destination', () => {
    // GIVEN
    const stack = newStack();
    fn(stack, 'Fn', { onFailure: new destinations.SqsDestination(new sqs.Queue(stack, 'Failed')) });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([]);
  });

  test('passes a function with a dead-letter queue', () => {
    // GIVEN
    const stack = newStack();
    fn(stack, 'Fn', { deadLetterQueue: new sqs.Queue(stack, 'Dlq') });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([]);
  });

  test('passes a function whose alias has the onFailure destination', () => {
    // GIVEN
    const stack = newStack();
    const f = fn(stack);
    const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: f.currentVersion });
    alias.configureAsyncInvoke({ onFailure: new destinations.SqsDestination(new sqs.Queue(stack, 'Failed')) });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([]);
  });

  test('fails only the function that another function\'s onFailure does not cover', () => {
    // GIVEN
    const stack = newStack();
    fn(stack, 'Covered', { onFailure: new destinations.SqsDestination(new sqs.Queue(stack, 'Failed')) });
    fn(stack, 'Bare');
    // WHEN
    const findings = findingsOf(stack, ASYNC);
    // THEN
    expect(findings).toEqual([{ id: ASYNC, level: 'warning', paths: ['Stack/Bare/Resource'] }]);
  });

  test('passes L1 EventInvokeConfigs that name the function by literal name, by ARN and through a Ref to its version', () => {
    // GIVEN
    const stack = newStack();
    const onFailure = { onFailure: { destination: 'arn:aws:sqs:us-east-1:123456789012:failed' } };
    fn(stack, 'ByName', { functionName: 'orders' });
    new lambda.CfnEventInvokeConfig(stack, 'NameConfig', { functionName: 'orders', qualifier: 'live', destinationConfig: onFailure });
    fn(stack, 'ByArn', { functionName: 'payments' });
    new lambda.CfnEventInvokeConfig(stack, 'ArnConfig', {
      functionName: 'arn:aws:lambda:us-east-1:123456789012:function:payments:prod', qualifier: 'prod', destinationConfig: onFailure,
    });
    const byVersion = fn(stack, 'ByVersion');
    const version = new lambda.CfnVersion(stack, 'Version', { functionName: byVersion.functionName });
    new lambda.CfnEventInvokeConfig(stack, 'VersionConfig', { functionName: version.ref, qualifier: '1', destinationConfig: onFailure });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([]);
  });

  test('passes L1 EventInvokeConfigs that name the function through GetAtt Arn, Fn::Sub and a literal Fn::Join', () => {
    // GIVEN
    const stack = newStack();
    const onFailure = { onFailure: { destination: 'arn:aws:sqs:us-east-1:123456789012:failed' } };
    const byArn = fn(stack, 'ByGetAtt');
    new lambda.CfnEventInvokeConfig(stack, 'GetAttConfig', { functionName: byArn.functionArn, qualifier: '$LATEST', destinationConfig: onFailure });
    const bySub = fn(stack, 'BySub');
    const subId = stack.getLogicalId(bySub.node.defaultChild as lambda.CfnFunction);
    new lambda.CfnEventInvokeConfig(stack, 'SubConfig', {
      functionName: Fn.sub(`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:\${${subId}}`),
      qualifier: '$LATEST',
      destinationConfig: onFailure,
    });
    fn(stack, 'ByJoin', { functionName: 'refunds' });
    new lambda.CfnEventInvokeConfig(stack, 'JoinConfig', {
      functionName: Fn.join(':', ['arn:aws:lambda:us-east-1:123456789012:function', 'refunds']), qualifier: '$LATEST', destinationConfig: onFailure,
    });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([]);
  });

  test('fails (warning) when an L1 EventInvokeConfig names a different function', () => {
    // GIVEN
    const stack = newStack();
    fn(stack, 'Orders', { functionName: 'orders' });
    new lambda.CfnEventInvokeConfig(stack, 'Config', {
      functionName: 'orders-v2', qualifier: '$LATEST', destinationConfig: { onFailure: { destination: 'arn:aws:sqs:us-east-1:123456789012:failed' } },
    });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${ASYNC}:warning`]);
  });
});
