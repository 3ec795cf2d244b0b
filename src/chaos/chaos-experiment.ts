import { ArnFormat, Stack } from 'aws-cdk-lib';
import { IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { CfnExperimentTemplate } from 'aws-cdk-lib/aws-fis';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DrillTargetKind, ValidatedFault } from './known-actions';
import { FIS_CONFIGURATION_PREFIX } from './lambda-extension';
import { LambdaTarget } from './lambda-target';
import { acknowledge, acknowledgeInlinePolicy, nagPartition } from '../private/acknowledge';
import { declareInteractions } from '../private/interactions';
import { DrillTargetPart } from '../topology/drill-target';
import { RegionalCell } from '../topology/regional-cell';

/** @internal */
export interface ChaosExperimentOptions {
  readonly cell: RegionalCell;
  readonly drillName: string;
  readonly fault: ValidatedFault;
  /** The functions the Lambda faults target: the drilled replicas and, with a failover, the cell's health handler. */
  readonly functions: LambdaTarget[];
  /** The tables the replication pause targets: the drilled stores' parts in the cell. */
  readonly stores: DrillTargetPart[];
  readonly strongConsistency: boolean;
  readonly stopAlarms: IAlarm[];
  /** Guardrails past FIS's limit of stop conditions: `<alarm path> (<why it guards the drill>)`. */
  readonly alsoWatch: string[];
  readonly logGroup: ILogGroup;
  readonly configurationBucket?: IBucket;
}

/**
 * One AWS FIS experiment template of a drill in one cell, with its own least-privilege role.
 */
export class ChaosExperiment extends Construct {
  /** @internal */
  public static _create(scope: Construct, options: ChaosExperimentOptions): ChaosExperiment {
    return new ChaosExperiment(scope, options);
  }

  /** The FIS action id. */
  public readonly actionId: string;
  /** The region of the experiment. */
  public readonly region: string;
  /** The experiment template. AWS FIS has no L2 construct in aws-cdk-lib, so this is the L1 resource. */
  public readonly template: CfnExperimentTemplate;
  /** The role FIS assumes to run the experiment: only what this action needs, on this cell's targets only. */
  public readonly role: Role;
  /** The alarms that stop the experiment, all in the experiment's region. */
  public readonly stopAlarms: IAlarm[];
  /**
   * Alarms that also guard this drill but did not fit among FIS's 5 stop conditions, as `<alarm path> (<why>)`:
   * watch them yourself while the experiment runs. The resilience report lists them.
   */
  public readonly alsoWatch: string[];

  private constructor(scope: Construct, options: ChaosExperimentOptions) {
    const { action, parameters } = options.fault;
    super(scope, action.name);
    const cell = options.cell;
    this.actionId = action.actionId;
    this.region = cell.region;
    this.stopAlarms = options.stopAlarms;
    this.alsoWatch = options.alsoWatch;

    this.role = new Role(this, 'Role', {
      description: `Runs the ${action.actionId} drill of ${options.drillName} in ${cell.region} (AWS FIS)`,
      // Only FIS experiments of this account and region may use it (confused deputy protection).
      assumedBy: new ServicePrincipal('fis.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': cell.account },
          ArnLike: { 'aws:SourceArn': cell.formatArn({ service: 'fis', resource: 'experiment', resourceName: '*' }) },
        },
      }),
    });

    const target = action.targetKind === DrillTargetKind.FUNCTIONS
      ? this.functionTargets(options)
      : this.tableTargets(options);

    // Experiment logs (https://docs.aws.amazon.com/fis/latest/userguide/monitoring-logging.html): setting up delivery
    // to CloudWatch Logs needs these (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html).
    this.role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogDelivery'], resources: ['*'] }));
    const logGroups = cell.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.role.addToPolicy(new PolicyStatement({
      actions: ['logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
      resources: [logGroups],
    }));
    // FIS resolves targets through the Resource Groups Tagging API, which has no resource-level permissions.
    this.role.addToPolicy(new PolicyStatement({ actions: ['tag:GetResources'], resources: ['*'] }));
    acknowledgeInlinePolicy(this.role);
    acknowledge(this.role, ['AwsSolutions-IAM5[Resource::*]', `AwsSolutions-IAM5[Resource::arn:${nagPartition(cell)}:logs:${cell.region}:${cell.account}:log-group:*]`,
      ...target.findings],
    'FIS resolves targets with tag:GetResources and sets up experiment log delivery with logs:CreateLogDelivery, neither of ' +
      'which has resource-level permissions; CloudWatch Logs asks for its resource-policy actions on log-group:* of this ' +
      `region; ${target.reason}`);

    this.template = new CfnExperimentTemplate(this, 'Template', {
      description: `${options.drillName}: ${action.summary} (${action.actionId}) in ${cell.region}, for ` +
        `${parameters.duration} (cdk-resilient-serverless)`,
      roleArn: this.role.roleArn,
      targets: target.targets,
      actions: {
        [action.name]: {
          actionId: action.actionId,
          description: action.summary,
          parameters,
          targets: Object.fromEntries(Object.keys(target.targets).map((name) => [action.targetKey, name])),
        },
      },
      stopConditions: this.stopAlarms.map((alarm) => ({ source: 'aws:cloudwatch:alarm', value: alarm.alarmArn })),
      logConfiguration: {
        logSchemaVersion: 2,
        cloudWatchLogsConfiguration: { LogGroupArn: options.logGroup.logGroupArn },
      },
      experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: 'fail' },
      tags: { Name: `${options.drillName}-${action.name}-${cell.region}` },
    });
    this.template.node.addDependency(this.role);
  }

  private functionTargets(options: ChaosExperimentOptions): TargetSpec {
    const functionArns = options.functions.map((f) => f.fn.functionArn);
    // The extension learns its fault from the configuration bucket, which FIS writes.
    this.role.addToPolicy(new PolicyStatement({
      actions: ['s3:PutObject', 's3:DeleteObject'],
      resources: [options.configurationBucket!.arnForObjects(`${FIS_CONFIGURATION_PREFIX}/*`)],
    }));
    this.role.addToPolicy(new PolicyStatement({
      actions: ['lambda:GetFunction'],
      resources: [...functionArns, ...functionArns.map((arn) => `${arn}:*`)],
    }));
    declareInteractions(this, ...options.functions.map((f) => ({
      principal: this.role,
      actions: ['lambda:GetFunction'],
      resource: `${f.fn.functionArn}:${f.fn.aliasName}`,
      purpose: 'FIS resolves the targeted alias',
    })), {
      principal: this.role,
      actions: ['s3:PutObject', 's3:DeleteObject'],
      resource: options.configurationBucket!.arnForObjects(`${FIS_CONFIGURATION_PREFIX}/experiment-fault.json`),
      purpose: 'FIS hands the fault to the Lambda extension',
    });
    // One target per alias name: FIS scopes a function target to a qualifier, and faults only what callers reach, the alias.
    const byAlias = new Map<string, LambdaTarget[]>();
    for (const f of options.functions) byAlias.set(f.fn.aliasName, [...(byAlias.get(f.fn.aliasName) ?? []), f]);
    const targets: Record<string, CfnExperimentTemplate.ExperimentTemplateTargetProperty> = {};
    for (const [aliasName, functions] of byAlias) {
      targets[`Functions-${aliasName}`] = {
        resourceType: 'aws:lambda:function',
        resourceArns: functions.map((f) => f.fn.functionArn),
        parameters: { functionQualifier: aliasName },
        selectionMode: 'ALL',
      };
    }
    const stack = Stack.of(this);
    return {
      targets,
      findings: [
        `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(options.configurationBucket!.node.defaultChild as any)}.Arn>/${FIS_CONFIGURATION_PREFIX}/*]`,
        ...options.functions.map((f) => `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(f.fn.resource as any)}.Arn>:*]`),
      ],
      reason: 'FIS writes fault configurations of its own naming under one folder of the cell\'s configuration bucket, and ' +
        'reads the targeted functions (their versions and aliases included, hence <function>:*)',
    };
  }

  private tableTargets(options: ChaosExperimentOptions): TargetSpec {
    const tables = options.stores.map((s) => s.table!.tableArn);
    // The action adds (and removes) deny statements to the resource policies of each table and its stream.
    this.role.addToPolicy(new PolicyStatement({
      actions: ['dynamodb:PutResourcePolicy', 'dynamodb:DeleteResourcePolicy', 'dynamodb:GetResourcePolicy', 'dynamodb:DescribeTable'],
      resources: [...tables, ...tables.map((arn) => `${arn}/stream/*`)],
    }));
    declareInteractions(this, ...options.stores.flatMap((s) => [s.table!.tableArn, `${s.table!.tableArn}/stream/2026-01-01T00:00:00.000`].map((resource) => ({
      principal: this.role,
      actions: ['dynamodb:PutResourcePolicy', 'dynamodb:DeleteResourcePolicy'],
      resource,
      purpose: 'FIS pauses replication of the local replica with a resource policy',
    }))));
    if (options.strongConsistency) {
      this.role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:InjectError'], resources: tables }));
    }
    return {
      targets: {
        Tables: {
          resourceType: 'aws:dynamodb:global-table',
          resourceArns: tables,
          selectionMode: 'ALL',
        },
      },
      findings: options.stores.map((s) =>
        `AwsSolutions-IAM5[Resource::arn:${nagPartition(options.cell)}:dynamodb:${s.region}:${options.cell.account}:table/${s.table!.tableName}/stream/*]`),
      reason: 'the pause also denies replication on each table\'s stream, whose label DynamoDB chooses',
    };
  }
}

interface TargetSpec {
  readonly targets: Record<string, CfnExperimentTemplate.ExperimentTemplateTargetProperty>;
  /** The cdk-nag findings these statements raise, acknowledged on the role. */
  readonly findings: string[];
  readonly reason: string;
}
