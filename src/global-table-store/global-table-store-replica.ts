import { Lazy, Stack } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { Alarm, CfnAlarm, ComparisonOperator, IMetric, MathExpression, Metric, MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { ITableV2, Operation, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { IRole } from 'aws-cdk-lib/aws-iam';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  BACKUP_SCHEDULE, DEFAULT_SYSTEM_ERROR_OPERATIONS, METRIC_PERIOD, REPLICATION_LATENCY_EVALUATION,
  SYSTEM_ERROR_OPERATION_ORDER, GRANTABLE_WRITE_OPERATIONS,
} from './defaults';
import { watchLateMetric } from './late-alarm-metric';
import { StoreBackupSettings, StoreSettings } from './validation';
import { acknowledge } from '../private/acknowledge';
import { notifyingAlarm } from '../private/alarm';
import { declareInteractions } from '../private/interactions';
import { KEEP_EXCEPT_ON_CREATE } from '../private/lifecycle';
import { RegionalCell } from '../topology/regional-cell';

/**
 * The replica of a `GlobalTableStore` in one regional cell: the local table, its alarms, and (in the primary)
 * the global table itself and its backup plan.
 */
export class StoreReplica extends Construct {
  /**
   * Creates the replica of `cell` from the store's settled settings.
   * @internal
   */
  public static _create(cell: RegionalCell, id: string, settings: StoreSettings): StoreReplica {
    return new StoreReplica(cell, id, settings);
  }

  /** The region of this replica. */
  public readonly region: string;
  /** The cell (stack) this replica belongs to. */
  public readonly cell: RegionalCell;
  /** The local replica's table, for grants and metrics in this cell: its ARN is this region's only. */
  public readonly table: ITableV2;
  /** The global table resource (`AWS::DynamoDB::GlobalTable`); only on the primary replica. */
  public readonly globalTable?: TableV2;
  /** The key that encrypts this replica, when customer-managed. */
  public readonly encryptionKey?: IKey;
  /** The backup plan; only on the primary replica, when backups are enabled. */
  public readonly backupPlan?: BackupPlan;
  /**
   * Replication latency above the threshold on the links that carry this replica's writes: in the primary region toward
   * every other region, elsewhere back toward the primary.
   */
  public readonly replicationLatencyAlarms: Alarm[];
  /** Any throttled read or write on this replica (writes only on a replica whose every use writes). */
  public readonly throttlesAlarm: Alarm;
  /**
   * Any DynamoDB system error on this replica, in the operations of `systemErrorOperations`: by default the operations
   * this replica's uses are for (the store's grants, a saga's log writes, a health check's reads), as they stand when
   * the template is rendered.
   */
  public readonly systemErrorsAlarm: Alarm;

  /** The operations given as `systemErrorOperations`; undefined when they derive from the uses. */
  private readonly givenOperations?: Operation[];
  /** The operations the uses of this replica are for, so far. */
  private readonly usedOperations = new Set<Operation>();
  /** The system-errors metric per list of operations, so that an unchanged list gives the same metric. */
  private readonly systemErrorMetrics = new Map<string, IMetric>();
  /** The throttles metric with and without reads, likewise. */
  private readonly throttleMetrics = new Map<boolean, MathExpression>();

  private constructor(cell: RegionalCell, id: string, settings: StoreSettings) {
    super(cell, id);
    this.cell = cell;
    this.region = cell.region;
    this.givenOperations = settings.systemErrorOperations;
    const topology = cell.topology;
    const encryption = settings.encryption._bind({ scope: this, cell, id, tableName: settings.tableName });
    this.encryptionKey = encryption.key;

    if (cell.isPrimary) {
      this.globalTable = new TableV2(this, 'Table', {
        tableName: settings.tableName,
        partitionKey: settings.partitionKey,
        sortKey: settings.sortKey,
        globalSecondaryIndexes: settings.globalSecondaryIndexes,
        localSecondaryIndexes: settings.localSecondaryIndexes,
        timeToLiveAttribute: settings.timeToLiveAttribute,
        dynamoStream: settings.stream,
        billing: settings.billing,
        tableClass: settings.tableClass,
        encryption: encryption.tableEncryption,
        removalPolicy: settings.removalPolicy,
        deletionProtection: settings.deletionProtection,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        multiRegionConsistency: settings.consistency,
        witnessRegion: settings.witnessRegion,
        // Every replica states its own protection, so none can silently differ from the primary.
        replicas: topology.secondaryRegions.map((region) => ({
          region,
          deletionProtection: settings.deletionProtection,
          pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        })),
      });
    }

    // The local replica by name: its ARN is this region's, so grants never reach another region. Its streams are named by
    // a label DynamoDB chooses at creation, so the stream ARN covers every stream of this one table.
    const tableArn = Stack.of(this).formatArn({ service: 'dynamodb', resource: 'table', resourceName: settings.tableName });
    this.table = TableV2.fromTableAttributes(this, 'LocalTable', {
      tableName: settings.tableName,
      tableStreamArn: `${tableArn}/stream/*`,
      encryptionKey: this.encryptionKey,
      grantIndexPermissions: settings.indexNames.length > 0,
      globalIndexes: settings.indexNames,
    });

    // Replication alarms on the links that carry the data, O(R) per table where every pair would be R × (R - 1). DynamoDB
    // publishes ReplicationLatency in the region a write was made in, per receiving region
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html: TableName,
    // ReceivingRegion). The primary takes the writes while nothing has failed, so it watches its link to every other
    // region; each other region watches its link back to the primary, which carries the writes it takes after a
    // failover (or under active-active routing). Links between two secondaries are not watched by an alarm.
    const regions = topology.regions;
    const primary = topology.primaryRegion;
    const receivers = regions.length < 2 ? [] : this.region === primary ? regions.filter((r) => r !== primary) : [primary];
    this.replicationLatencyAlarms = receivers.map((receivingRegion) =>
      notifyingAlarm(this, `ReplicationLatencyTo-${receivingRegion}`, cell.alarmTopic, {
        alarmDescription: `${settings.tableName}: replication from ${this.region} to ${receivingRegion} slower than ` +
          `${settings.latencyThreshold.toHumanString()} for ${REPLICATION_LATENCY_EVALUATION.datapointsToAlarm} of ` +
          `${REPLICATION_LATENCY_EVALUATION.evaluationPeriods} minutes`,
        metric: this.metricReplicationLatency(receivingRegion),
        threshold: settings.latencyThreshold.toMilliseconds(),
        ...REPLICATION_LATENCY_EVALUATION,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      }));
    this.throttlesAlarm = notifyingAlarm(this, 'ThrottlesAlarm', cell.alarmTopic, {
      alarmDescription: `${settings.tableName} in ${this.region}: reads or writes throttled`,
      metric: this.throttlesMetric(),
      threshold: 1,
      evaluationPeriods: 1,
    });
    // A replica only written (a saga's log) has no reads to throttle: its alarm watches writes only, once its uses are known.
    watchLateMetric(this.throttlesAlarm, () => this.throttlesMetric());
    (this.throttlesAlarm.node.defaultChild as CfnAlarm).alarmDescription = Lazy.uncachedString({
      produce: () => `${settings.tableName} in ${this.region}: ${this.watchesReads() ? 'reads or writes' : 'writes'} throttled`,
    });
    this.systemErrorsAlarm = notifyingAlarm(this, 'SystemErrorsAlarm', cell.alarmTopic, {
      alarmDescription: `${settings.tableName} in ${this.region}: DynamoDB system errors`,
      metric: this.systemErrorsMetric(),
      threshold: 1,
      evaluationPeriods: 1,
    });
    // Grants come after the store: the alarm watches the operations of every use made by the time it is rendered.
    if (!this.givenOperations) watchLateMetric(this.systemErrorsAlarm, () => this.systemErrorsMetric());

    if (settings.backup) {
      if (cell.isPrimary) this.backupPlan = this.createBackupPlan(settings.backup);
      if (this.region === settings.backup.copyRegion) {
        // The primary's first backup copies into this vault: it lives in the copy region's prerequisites stack, which
        // deploys before the primary cell (the copy region is always a secondary one).
        new BackupVault(cell.prerequisites, `${id}BackupCopyVault`, { backupVaultName: settings.backup.name, removalPolicy: KEEP_EXCEPT_ON_CREATE });
      }
    }
  }

  /** Replication latency from this region to `receivingRegion` (Average per minute by default). */
  public metricReplicationLatency(receivingRegion: string, props?: MetricOptions): Metric {
    return new Metric({
      namespace: 'AWS/DynamoDB',
      metricName: 'ReplicationLatency',
      dimensionsMap: { TableName: this.table.tableName, ReceivingRegion: receivingRegion },
      statistic: 'Average',
      period: METRIC_PERIOD,
      ...props,
    });
  }

  /** Read and write throttle events of this replica (Sum per minute by default). */
  public metricThrottleEvents(props?: MetricOptions): Metric[] {
    return ['ReadThrottleEvents', 'WriteThrottleEvents'].map((metricName) =>
      this.table.metric(metricName, { statistic: 'Sum', period: METRIC_PERIOD, ...props }));
  }

  /**
   * Read and write throttle events together (Sum per minute by default), each count FILLed with 0: with no options, what
   * the throttles alarm watches. Write throttle events only on a replica whose every use writes (item writes, such
   * as a saga's log): nothing reads it, so no read can be throttled.
   */
  public metricThrottles(props?: MetricOptions): MathExpression {
    return props === undefined ? this.throttlesMetric() : this.sumOfThrottles(props);
  }

  /** Whether something may read this replica: a use that is not a write, or no use the library knows of. */
  private watchesReads(): boolean {
    return this.usedOperations.size === 0 || [...this.usedOperations].some((operation) => !GRANTABLE_WRITE_OPERATIONS.includes(operation));
  }

  /** The throttles alarm's metric for the current uses: the same object while they keep it the same. */
  private throttlesMetric(): MathExpression {
    const reads = this.watchesReads();
    let metric = this.throttleMetrics.get(reads);
    if (!metric) {
      metric = this.sumOfThrottles({});
      this.throttleMetrics.set(reads, metric);
    }
    return metric;
  }

  private sumOfThrottles(props: MetricOptions): MathExpression {
    const [reads, writes] = this.metricThrottleEvents(props);
    const watched: Record<string, IMetric> = this.watchesReads() ? { reads, writes } : { writes };
    return new MathExpression({
      // DynamoDB publishes throttle and error counts only when they happen, and metric math adds two time series only
      // where both have a datapoint: FILL turns a missing count into 0, so throttled reads alone still alarm.
      expression: Object.keys(watched).map((id) => `FILL(${id}, 0)`).join(' + '),
      usingMetrics: watched,
      label: props?.label ?? 'Throttle events',
      period: props?.period ?? METRIC_PERIOD,
    });
  }

  /**
   * System errors of this replica summed over the operations of `systemErrorOperations` (Sum per minute by default),
   * each operation's count FILLed with 0: with no options, what the system-errors alarm watches. By default those are
   * the operations of the uses made so far.
   */
  public metricSystemErrors(props?: MetricOptions): IMetric {
    return props === undefined ? this.systemErrorsMetric() : this.sumOfSystemErrors(props);
  }

  /**
   * The operations whose system errors the alarm sums: `systemErrorOperations` as given; else those the uses of this
   * replica are for, in a fixed order; DEFAULT_SYSTEM_ERROR_OPERATIONS while nothing of the library uses it.
   * @internal
   */
  public _systemErrorOperations(): Operation[] {
    if (this.givenOperations) return this.givenOperations;
    if (this.usedOperations.size === 0) return [...DEFAULT_SYSTEM_ERROR_OPERATIONS];
    const used = [...this.usedOperations];
    return [...SYSTEM_ERROR_OPERATION_ORDER.filter((operation) => used.includes(operation)),
      ...used.filter((operation) => !SYSTEM_ERROR_OPERATION_ORDER.includes(operation)).sort()];
  }

  /**
   * Records that a use of this replica (a grant, a saga's log writes, a health check's reads) calls `operations`.
   * @internal
   */
  public _useOperations(operations: readonly Operation[]): void {
    for (const operation of operations) this.usedOperations.add(operation);
  }

  /** The alarm's metric for the current operations: the same object while they stay the same. */
  private systemErrorsMetric(): IMetric {
    const operations = this._systemErrorOperations();
    const key = operations.join(',');
    let metric = this.systemErrorMetrics.get(key);
    if (!metric) {
      metric = this.sumOfSystemErrors({}, operations);
      this.systemErrorMetrics.set(key, metric);
    }
    return metric;
  }

  private sumOfSystemErrors(props: MetricOptions, operations: Operation[] = this._systemErrorOperations()): MathExpression {
    return zeroFilledSum(this.table.metricSystemErrorsForOperations({ statistic: 'Sum', period: METRIC_PERIOD, ...props, operations }));
  }

  private createBackupPlan(backup: StoreBackupSettings): BackupPlan {
    const stack = Stack.of(this);
    const vault = new BackupVault(this, 'BackupVault', { backupVaultName: backup.name, removalPolicy: KEEP_EXCEPT_ON_CREATE });
    const plan = new BackupPlan(this, 'BackupPlan', { backupPlanName: backup.name, backupVault: vault });
    plan.addRule(new BackupPlanRule({
      ruleName: 'DailyWithCopy',
      scheduleExpression: Schedule.cron(BACKUP_SCHEDULE),
      deleteAfter: backup.retention,
      copyActions: [{
        // The copy vault exists under the same name in the copy region's prerequisites stack: an ARN, not a reference.
        // Copying a DynamoDB backup to another region needs AWS Backup's advanced features for DynamoDB turned on in the
        // account (Backup settings; https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html).
        // Without them the plan still deploys, and each copy job fails.
        destinationBackupVault: BackupVault.fromBackupVaultArn(this, 'CopyVault',
          `arn:${stack.partition}:backup:${backup.copyRegion}:${stack.account}:backup-vault:${backup.name}`),
        deleteAfter: backup.retention,
      }],
    }));
    const selection = plan.addSelection('Selection', { resources: [BackupResource.fromArn(this.table.tableArn)] });
    // The selection names the table by ARN (no reference): order it after the table explicitly.
    selection.node.addDependency(this.globalTable!);
    declareInteractions(this, {
      principal: selection.grantPrincipal as IRole,
      actions: ['dynamodb:DescribeTable', 'dynamodb:CreateBackup'],
      resource: this.table.tableArn,
      purpose: 'AWS Backup backs the primary replica up',
    });
    acknowledge(selection, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]'],
      'AWSBackupServiceRolePolicyForBackup is AWS\'s maintained policy for AWS Backup jobs, scoped to the backup service role');
    return plan;
  }
}

/**
 * The sum of an aws-cdk-lib sum-of-metrics expression (`a + b + ...`), each metric FILLed with 0 first: a system error of
 * one operation alarms even when the other operations published nothing in that period.
 */
function zeroFilledSum(sum: IMetric): MathExpression {
  const base = sum as MathExpression;
  return new MathExpression({
    expression: Object.keys(base.usingMetrics).map((id) => `FILL(${id}, 0)`).join(' + '),
    usingMetrics: base.usingMetrics,
    period: base.period,
    label: base.label,
  });
}
