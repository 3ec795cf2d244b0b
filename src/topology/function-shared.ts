import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { LambdaApplication } from 'aws-cdk-lib/aws-codedeploy';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RegionalCell } from './regional-cell';
import { acknowledge, acknowledgeInlinePolicy } from '../private/acknowledge';
import { notifyingAlarm } from '../private/alarm';
import { declareInteractions } from '../private/interactions';

/**
 * IAM limits the inline policies of one role to 10,240 characters in all, whitespace aside
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). A deployment role takes aliases until
 * the next would pass this, with room left for the statements' own syntax.
 */
const ROLE_POLICY_CHARACTERS = 10_240;
/** The statements' syntax (Version, Effect, Action lists) around the resource lists. */
const POLICY_OVERHEAD = 320;
/** The longest partition name, for an ARN whose partition is unresolved. */
const LONGEST_PARTITION = 'aws-us-gov';
/** The longest an SQS queue keeps a message: the cell's default dead-letter queue keeps failures this long. */
const SQS_LONGEST_RETENTION = Duration.days(14);

const DEPLOYMENT_ACTIONS = ['lambda:GetAlias', 'lambda:UpdateAlias', 'lambda:GetProvisionedConcurrencyConfig'];

/**
 * What one alias needs of the cell's deployment role: the literal ARNs of its function and of the alias itself, and its
 * two rollback alarms' literal ARNs.
 */
export interface DeployedAlias {
  /** The alias's ARN, formatted (never a Ref: the alias's UpdatePolicy names its group, which needs this role). */
  readonly aliasArn: string;
  /**
   * The function's unqualified ARN, formatted. Lambda's authorization reference lists the alias actions (GetAlias,
   * UpdateAlias) under the function resource type, whose ARN is the unqualified one; IAM matches a statement naming only
   * the alias ARN against neither. Both are granted, so the role works whichever ARN Lambda authorizes
   * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html).
   */
  readonly functionArn: string;
  /** The alarms CodeDeploy reads to roll back (DescribeAlarms), by their formatted ARNs. */
  readonly alarmArns: string[];
  /** Says who deploys, in the role's description. */
  readonly what: string;
}

/**
 * The CodeDeploy application and deployment roles every replicated function of a cell shares: one application, and
 * roles whose inline policy names each alias and its rollback alarms (least privilege, never AWSCodeDeployRoleForLambda
 * Limited, which would let any region's deployments update every alias of the account). A role takes aliases until its
 * policy would pass IAM's size limit; the next alias opens another role. A function removed from the topology simply
 * leaves the policy.
 */
export class FunctionDeployments extends Construct {
  /** The cell's CodeDeploy application. */
  public readonly application: LambdaApplication;
  private readonly roles: { role: Role; lambda: PolicyStatement; alarms: PolicyStatement; size: number }[] = [];

  constructor(cell: RegionalCell, id: string) {
    super(cell, id);
    this.application = new LambdaApplication(this, 'Application');
  }

  /** The role that deploys `alias`; give the deployment group `withoutPolicyUpdates()` of it. */
  public roleFor(alias: DeployedAlias): Role {
    const stack = Stack.of(this);
    const size = [alias.functionArn, alias.aliasArn, ...alias.alarmArns].reduce((sum, arn) => sum + resolvedLength(stack, arn) + 3, 0);
    let current = this.roles[this.roles.length - 1];
    if (!current || current.size + size > ROLE_POLICY_CHARACTERS) {
      const lambda = new PolicyStatement({ actions: DEPLOYMENT_ACTIONS });
      const alarms = new PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'] });
      const role = new Role(this, this.roles.length === 0 ? 'Role' : `Role${this.roles.length + 1}`, {
        assumedBy: new ServicePrincipal('codedeploy.amazonaws.com'),
        description: `Shifts the aliases of ${Stack.of(this).stackName}'s replicated functions to new versions (CodeDeploy)`,
        inlinePolicies: { Deployment: new PolicyDocument({ statements: [lambda, alarms] }) },
      });
      acknowledgeInlinePolicy(role);
      current = { role, lambda, alarms, size: POLICY_OVERHEAD };
      this.roles.push(current);
    }
    current.lambda.addResources(alias.functionArn, alias.aliasArn);
    current.alarms.addResources(...alias.alarmArns);
    current.size += size;
    declareInteractions(this, ...alias.alarmArns.map((alarmArn) => ({
      principal: current.role,
      actions: ['cloudwatch:DescribeAlarms'],
      resource: alarmArn,
      purpose: `CodeDeploy reads the rollback alarms of ${alias.what}`,
    })));
    return current.role;
  }
}

/** An ARN's length once deployed: its unresolved parts (partition, account, region) at their longest. */
function resolvedLength(stack: Stack, arn: string): number {
  const longest: Record<string, number> = { 'AWS::Partition': LONGEST_PARTITION.length, 'AWS::AccountId': 12, 'AWS::Region': 14 };
  const length = (value: unknown): number => {
    if (typeof value === 'string') return value.length;
    const v = value as { 'Ref'?: string; 'Fn::Join'?: [string, unknown[]] };
    if (v.Ref !== undefined) return longest[v.Ref] ?? 128;
    if (v['Fn::Join']) return v['Fn::Join'][1].reduce((sum: number, part) => sum + length(part), 0);
    return 256;
  };
  return length(stack.resolve(arn));
}

/**
 * A dead-letter queue the cell's replicated functions share (SQS-managed encryption, TLS only), with one alarm: any
 * failed event waiting. One per retention period the cell's functions ask for (normally one: 14 days).
 */
export class SharedDeadLetters extends Construct {
  public readonly queue: Queue;
  public readonly alarm: Alarm;

  constructor(cell: RegionalCell, id: string, retention: Duration) {
    super(cell, id);
    this.queue = new Queue(this, 'Queue', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: retention });
    acknowledge(this.queue, ['Serverless-SQSRedrivePolicy', 'cdk-validator-cfnguard::sqs_dlq_check'],
      'This queue is itself the dead-letter queue: the terminal destination of the cell\'s replicated functions\' failed ' +
      'asynchronous invocations, retained and alarmed on; a further redrive would only move the same messages');
    this.alarm = notifyingAlarm(this, 'Alarm', cell.alarmTopic, {
      alarmDescription: `${cell.topology.serviceName} in ${cell.region}: failed asynchronous events of replicated functions are ` +
        'waiting in the dead-letter queue (a record of an alias names its function in requestContext.functionArn)',
      metric: this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
    });
  }
}

/** The construct id of the cell's dead-letter queue for `retention`. */
export function deadLettersId(retention: Duration): string {
  const seconds = retention.toSeconds();
  return seconds === SQS_LONGEST_RETENTION.toSeconds() ? 'FunctionDeadLetters' : `FunctionDeadLetters${seconds}s`;
}
