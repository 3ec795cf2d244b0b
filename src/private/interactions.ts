import { ArnFormat, Stack } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { IRole } from 'aws-cdk-lib/aws-iam';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';

/**
 * One call that a construct relies on at run time: who calls (a role of the app, or an AWS service principal such as
 * `cloudwatch.amazonaws.com`), which actions, on what, with which request context (`aws:SourceArn`, `aws:SourceAccount`,
 * `kms:ViaService`, `kms:EncryptionContext:<key>`). Tokens of the app are welcome anywhere.
 *
 * Not part of the library's API: the test harness (test/harness/wiring.ts) proves every declared interaction against the
 * policies of the synthesized templates (identity, resource and KMS key policies), and proves that the same call by another
 * region's role, an anonymous caller or another account is denied.
 */
export interface RuntimeInteraction {
  readonly principal: IRole | string;
  readonly actions: string[];
  /** The resource's ARN. */
  readonly resource: string;
  readonly context?: Record<string, string>;
  /** What breaks without it, for the proof's messages. */
  readonly purpose: string;
}

const DECLARED = new WeakMap<IConstruct, RuntimeInteraction[]>();

/** Records, on `owner`, interactions it relies on at run time. */
export function declareInteractions(owner: IConstruct, ...interactions: RuntimeInteraction[]): void {
  DECLARED.set(owner, [...(DECLARED.get(owner) ?? []), ...interactions]);
}

/** The interactions `construct` declared (not those of its children). */
export function declaredInteractions(construct: IConstruct): RuntimeInteraction[] {
  return DECLARED.get(construct) ?? [];
}

const SERVICE_MANAGED = new WeakMap<IConstruct, string>();

/**
 * Records that no principal of the app reaches `resource` (a queue, key or topic) at run time: the service moves data
 * into it itself, outside IAM (SQS moving a message that was received too often into its SSE-SQS dead-letter queue).
 * `reason` says so for the runtime-wiring proof, which otherwise requires every such resource to be named by an
 * interaction.
 */
export function declareServiceManaged(resource: IConstruct, reason: string): void {
  SERVICE_MANAGED.set(resource, reason);
}

/** Why no principal of the app reaches `resource`, if `declareServiceManaged` said so. */
export function serviceManagedReason(resource: IConstruct): string | undefined {
  return SERVICE_MANAGED.get(resource);
}

/**
 * Declares what `logGroup` relies on: `writer` (a Lambda function's role) writes its streams, and CloudWatch Logs uses
 * `key`, when the group is encrypted, for this log group only (the encryption context it sends,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
 */
export function declareLogGroup(owner: IConstruct, logGroup: ILogGroup, key?: IKey, writer?: IRole): void {
  const stack = Stack.of(logGroup);
  const arn = (resourceName: string) => stack.formatArn({ service: 'logs', resource: 'log-group', resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  if (writer) {
    declareInteractions(owner, {
      principal: writer,
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resource: arn(`${logGroup.logGroupName}:log-stream:2026/01/01/[$LATEST]0123456789abcdef`),
      purpose: 'the function writes its logs',
    });
  }
  if (key) {
    declareInteractions(owner, {
      principal: `logs.${stack.region}.amazonaws.com`,
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resource: key.keyArn,
      context: { 'kms:EncryptionContext:aws:logs:arn': arn(logGroup.logGroupName) },
      purpose: 'CloudWatch Logs encrypts the log group with the key',
    });
  }
}

/**
 * API Gateway invoking `fn` (an alias) for a request of `api`, `request` being `<stage>/<method>/<path>` of the execute-api
 * ARN: what the invoke permission of an HTTP Lambda integration must allow, for this account's API only.
 */
export function endpointInvoke(api: HttpApi, fn: IFunction, request: string): RuntimeInteraction {
  const stack = Stack.of(api);
  return {
    principal: 'apigateway.amazonaws.com',
    actions: ['lambda:InvokeFunction'],
    resource: fn.functionArn,
    context: {
      'aws:SourceAccount': stack.account,
      'aws:SourceArn': stack.formatArn({ service: 'execute-api', resource: api.apiId, resourceName: request }),
    },
    purpose: 'the regional endpoint invokes the function',
  };
}
