import { ArnFormat, CustomResource, Duration, Stack, aws_arcregionswitch as arc } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeInlinePolicy, acknowledgeNoReservedConcurrency, regulatedFindings } from '../private/acknowledge';
import { declareInteractions } from '../private/interactions';
import { rotatingKey } from '../private/kms';
import { encryptedLogGroup } from '../private/log-group';

/**
 * How long the lookup waits for Region switch to create the plan's health checks: they appear after the plan does
 * (the integration test waits for them too), well inside a Lambda function's 15-minute limit.
 */
const LOOKUP_TIMEOUT = Duration.minutes(14);

/**
 * The lookup, inline (Node.js, the AWS SDK v3 of the Lambda runtime): on Create and Update it lists the plan's Route 53
 * health checks for the zone and record name (ListRoute53HealthChecks,
 * https://docs.aws.amazon.com/arc-region-switch/latest/api/API_ListRoute53HealthChecks.html, whose items name their
 * `region`: https://docs.aws.amazon.com/arc-region-switch/latest/api/API_Route53HealthCheck.html) until every Region of
 * `Regions` has one, and answers `HealthCheckId<i>` for `Regions[i]`: matched by Region, never by position, since
 * neither the API nor the plan's `Route53HealthChecks`/`PlanHealthChecks` attributes document an order. Delete does
 * nothing: the plan deletes its own health checks. Every path answers CloudFormation, so a failure fails the deployment
 * at once instead of after CloudFormation's hour.
 */
export const LOOKUP_HANDLER_SOURCE = `
let sdk;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function healthChecks(p) {
  // Loaded here, so that a runtime without the client still answers CloudFormation (FAILED, naming the error).
  if (!sdk) {
    const { ARCRegionSwitchClient, ListRoute53HealthChecksCommand } = require('@aws-sdk/client-arc-region-switch');
    sdk = { client: new ARCRegionSwitchClient({}), ListRoute53HealthChecksCommand };
  }
  const { client, ListRoute53HealthChecksCommand } = sdk;
  const byRegion = {};
  let nextToken;
  do {
    const page = await client.send(new ListRoute53HealthChecksCommand({ arn: p.PlanArn, hostedZoneId: p.HostedZoneId, recordName: p.RecordName, nextToken }));
    for (const check of page.healthChecks || []) {
      if (check.healthCheckId && check.hostedZoneId === p.HostedZoneId) byRegion[check.region] = check.healthCheckId;
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return byRegion;
}

function answer(event, status, reason, data) {
  const body = JSON.stringify({
    Status: status, Reason: reason, PhysicalResourceId: event.PhysicalResourceId || event.ResourceProperties.PlanArn + '|' + event.ResourceProperties.RecordName,
    StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId, Data: data,
  });
  return new Promise((resolve, reject) => {
    // CloudFormation's response URL is an HTTPS pre-signed S3 URL; plain HTTP only for a local test.
    const request = require(event.ResponseURL.startsWith('http:') ? 'http' : 'https').request(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } }, (response) => {
      response.resume();
      response.on('end', resolve);
    });
    request.on('error', reject);
    request.end(body);
  });
}

exports.handler = async (event, context) => {
  if (event.RequestType === 'Delete') return answer(event, 'SUCCESS', 'nothing to delete', {});
  const p = event.ResourceProperties;
  try {
    let found = {};
    while (true) {
      found = await healthChecks(p);
      const missing = p.Regions.filter((region) => !found[region]);
      if (missing.length === 0) break;
      if (context.getRemainingTimeInMillis() < 40000) {
        return answer(event, 'FAILED', 'Region switch has not created the Route 53 health checks of ' + p.RecordName + ' in ' + missing.join(', ') +
          ' yet: see the plan evaluation (aws arc-region-switch get-plan-evaluation-status --plan-arn ' + p.PlanArn + ')', {});
      }
      await sleep(15000);
    }
    const data = {};
    p.Regions.forEach((region, i) => { data['HealthCheckId' + i] = found[region]; });
    console.log(JSON.stringify({ healthChecks: found }));
    return answer(event, 'SUCCESS', 'found', data);
  } catch (e) {
    console.log(e);
    return answer(event, 'FAILED', (e.name + ': ' + e.message).slice(0, 500), {});
  }
};
`;

/**
 * The ids of the Route 53 health checks a plan's Route 53 health check step created, one per Region: read at deploy by
 * a custom resource in the plan's stack (a function allowed only `arc-region-switch:ListRoute53HealthChecks` on the
 * plan), created after the plan and re-read whenever the plan's version changes.
 */
export function planHealthCheckIds(scope: Construct, plan: arc.CfnPlan,
  target: { hostedZoneId: string; recordName: string; regions: string[] }): string[] {
  const stack = Stack.of(scope);
  const role = new Role(scope, 'HealthCheckLookupRole', {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: `Reads the Route 53 health checks of Region switch plan ${plan.name} at deploy`,
  });
  // Resource-level: ListRoute53HealthChecks takes a plan ARN
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_arc-region-switch.html).
  role.addToPolicy(new PolicyStatement({ actions: ['arc-region-switch:ListRoute53HealthChecks'], resources: [plan.attrArn] }));
  declareInteractions(scope, {
    principal: role,
    actions: ['arc-region-switch:ListRoute53HealthChecks'],
    resource: plan.attrArn,
    purpose: 'the deploy-time lookup reads the plan\'s health checks, which the records need',
  });
  const functionName = `${plan.name}-plan-health-checks`.slice(0, 64);
  const key = rotatingKey(scope, 'HealthCheckLookupKey', `Encrypts the logs of the health-check lookup of Region switch plan ${plan.name}`);
  const logGroupName = `/aws/lambda/${functionName}`;
  key.addToResourcePolicy(new PolicyStatement({
    principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
    },
  }));
  const logGroup = encryptedLogGroup(scope, 'HealthCheckLookupLogs', key, { logGroupName }, role);
  const fn = new LambdaFunction(scope, 'HealthCheckLookup', {
    functionName,
    description: `Deploy time: the ids of the Route 53 health checks of Region switch plan ${plan.name}, by Region`,
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: Code.fromInline(LOOKUP_HANDLER_SOURCE),
    role,
    logGroup,
    memorySize: 256,
    timeout: LOOKUP_TIMEOUT,
    tracing: Tracing.DISABLED,
  });
  fn.node.addDependency(role);
  acknowledgeInlinePolicy(role);
  acknowledge(fn, ['Serverless-LambdaTracing'],
    'A deploy-time lookup CloudFormation invokes once per plan change; its log names what it found or what is missing');
  acknowledge(fn, ['Serverless-LambdaDLQ', 'Resilience-LambdaAsyncFailureDestination', ...regulatedFindings('LambdaDLQ')],
    'CloudFormation invokes the lookup and waits for its answer: a failed lookup fails the deployment, which is the signal');
  acknowledge(fn, ['cdk-validator-cfnguard::lambda_inside_vpc_check', ...regulatedFindings('LambdaInsideVPC')],
    'The lookup calls the Region switch API, a public AWS endpoint, at deploy time only; a VPC would add nothing but endpoints to pay for');
  acknowledgeNoReservedConcurrency(fn, 'only CloudFormation invokes it, once per change of the plan');

  const lookup = new CustomResource(scope, 'PlanHealthChecks', {
    serviceToken: fn.functionArn,
    resourceType: 'Custom::PlanHealthChecks',
    // A lookup that never answers fails the deployment after the function's own limit, not CloudFormation's hour.
    serviceTimeout: Duration.minutes(15),
    properties: {
      PlanArn: plan.attrArn,
      // A new plan version may come with new health checks: read them again.
      PlanVersion: plan.attrVersion,
      HostedZoneId: target.hostedZoneId,
      RecordName: target.recordName,
      Regions: target.regions,
    },
  });
  // Its log group and permissions exist before the lookup runs, and outlive it on delete.
  lookup.node.addDependency(logGroup, role);
  return target.regions.map((_, i) => lookup.getAttString(`HealthCheckId${i}`));
}
