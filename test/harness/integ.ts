import { ActualResult, AwsApiCallProps, AwsApiCall, EqualsAssertion, ExpectedResult, IApiCall, InvocationType, LambdaInvokeFunction } from '@aws-cdk/integ-tests-alpha';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { EndpointAuthorization, MultiRegionTopology, ReplicatedCode, ReplicatedFunction } from '../../src';

/**
 * The account of an integration test's topology: the credentials' account when deploying
 * (`npx projen integ:deploy`), a placeholder otherwise. integ-runner synthesizes snapshots with a dummy
 * 8-digit account, which a topology rejects as malformed.
 */
export function integAccount(): string {
  const deployAccount = process.env.CDK_DEFAULT_ACCOUNT ?? '';
  return /^\d{12}$/.test(deployAccount) ? deployAccount : '123456789012';
}

/**
 * The topology of an integration test: the integ account, us-east-1 first, and no termination protection, since
 * integration tests destroy what they deploy.
 */
export function integTopology(app: App, id: string, regions: string[]): MultiRegionTopology {
  return new MultiRegionTopology(app, id, { account: integAccount(), primaryRegion: regions[0], regions, terminationProtection: false });
}

/**
 * The public hosted zone that DNS integration tests route through when deployed (`INTEG_HOSTED_ZONE_ID`,
 * `INTEG_ZONE_NAME`); placeholders in snapshot mode.
 */
export function integZone(): { hostedZoneId: string; zoneName: string } {
  return {
    hostedZoneId: process.env.INTEG_HOSTED_ZONE_ID ?? 'Z0INTEG0PLACEHOLDER',
    zoneName: process.env.INTEG_ZONE_NAME ?? 'integ.example.com',
  };
}

/** A replicated function whose public endpoint answers 200 with its own region: what a DNS failover test looks for. */
export function regionEchoService(topology: MultiRegionTopology): ReplicatedFunction {
  return new ReplicatedFunction(topology, 'Api', {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: ReplicatedCode.fromInline('exports.handler = async () => ({ statusCode: 200, body: process.env.AWS_REGION });'),
    endpoint: { authorization: EndpointAuthorization.NONE },
  });
}

/**
 * Checks, from inside `stack`'s own region, that an SDK call's response holds `expected`: flattened response paths
 * (JSON strings in the response are parsed, so `Parameter.Value.primaryRegion`) and their string values.
 * integ-runner runs one IntegTest per file and reads assertion results only from that test's assertion stack, so a
 * check in any other region's stack would go unreported: each check here fails its stack's deployment instead
 * (`failDeployment`), which fails the test wherever the stack is.
 */
export function assertInRegion(stack: Stack, id: string, call: AwsApiCallProps, expected: Record<string, string>): IApiCall {
  return assertAt(stack, id, new AwsApiCall(stack, id, call), expected);
}

/** `assertInRegion` for a synchronous invocation of `functionName` (a Lambda Invoke needs its own IAM action). */
export function assertInvokeInRegion(stack: Stack, id: string, functionName: string, expected: Record<string, string>): IApiCall {
  const invoke = new LambdaInvokeFunction(stack, id, { functionName, invocationType: InvocationType.REQUEST_RESPONSE });
  return assertAt(stack, id, invoke, expected);
}

function assertAt(stack: Stack, id: string, call: IApiCall, expected: Record<string, string>): IApiCall {
  const assertions = Object.entries(expected).map(([path, value], i) => new EqualsAssertion(stack, `${id}Assertion${i}`, {
    actual: ActualResult.fromAwsApiCall(call, path), expected: ExpectedResult.exact(value), failDeployment: true,
  }));
  for (const assertion of assertions) {
    // Its result output is for integ-runner, which reads only the assertion stack's, and its name hashes token
    // numbers that differ between synths: failDeployment reports instead.
    assertion.node.tryRemoveChild('AssertionResults');
  }
  for (const construct of [call, ...assertions]) stableSalt(construct);
  return call;
}

/**
 * Replaces the per-synth salt (a timestamp) of the assertion custom resources under `scope` with a fixed one.
 * integ-runner compares every stack of a test except its assertion stack with the snapshot, so assertions in any
 * other stack would differ on every synth. The check still runs whenever its stack is created, as in every integ deploy.
 */
export function stableSalt(scope: IConstruct): void {
  for (const resource of scope.node.findAll().filter(CfnResource.isCfnResource)) {
    if (resource.cfnResourceType.startsWith('Custom::DeployAssert')) resource.addPropertyOverride('salt', 'integ-snapshot');
  }
}
