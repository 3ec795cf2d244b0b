import { Duration, Stack } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { Alarm, ComparisonOperator, IMetric, MathExpression, Metric, MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { ITableV2, Operation, TableEncryption, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { IRole } from 'aws-cdk-lib/aws-iam';
import { IKey, Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { GlobalTableStoreProps } from './global-table-store';
import { StoreEncryption } from './store-encryption';
import { ValidatedStoreSettings } from './validation';
import { acknowledge } from '../private/acknowledge';
import { notifyingAlarm } from '../private/alarm';
import { AliasedKey } from '../private/alias-key';
import { declareInteractions } from '../private/interactions';
import { rotatingKey } from '../private/kms';
import { KEEP_EXCEPT_ON_CREATE } from '../private/lifecycle';
import { MultiRegionTopology } from '../topology/multi-region-topology';
import { RegionalCell } from '../topology/regional-cell';

/**
 * The replica of a `GlobalTableStore` in one regional cell: the local table, its alarms, and (in the primary)
 * the global table itself and its backup plan.
 */
export class StoreReplica extends Construct {
  /**
   * Creates the replicas of every cell, the primary first (it holds the global table).
   * @internal
   */
  public static _createAll(topology: MultiRegionTopology, id: string, props: GlobalTableStoreProps,
    settings: ValidatedStoreSettings): StoreReplica[] {
    return topology.cells.map((cell) => new StoreReplica(cell, id, props, settings));
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
  /** Replication latency from this region to each other region above the threshold. */
  public readonly replicationLatencyAlarms: Alarm[];
  /** Any throttled read or write on this replica. */
  public readonly throttlesAlarm: Alarm;
  /** Any DynamoDB system error on this replica. */
  public readonly systemErrorsAlarm: Alarm;

  private constructor(cell: RegionalCell, id: string, props: GlobalTableStoreProps, settings: ValidatedStoreSettings) {
    super(cell, id);
    this.cell = cell;
    this.region = cell.region;
    const topology = cell.topology;
    this.encryptionKey = this.replicaKey(id, props, settings);

    if (cell.isPrimary) {
      this.globalTable = new TableV2(this, 'Table', {
        tableName: settings.tableName,
        partitionKey: props.partitionKey,
        sortKey: props.sortKey,
        globalSecondaryIndexes: props.globalSecondaryIndexes,
        timeToLiveAttribute: props.timeToLiveAttribute,
        dynamoStream: settings.stream,
        billing: settings.billing,
        tableClass: props.tableClass,
        encryption: this.tableEncryption(topology, settings, props.encryption),
        removalPolicy: props.removalPolicy ?? KEEP_EXCEPT_ON_CREATE,
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

    // The local replica by name: its ARN is this region's, so grants never reach another region.
    this.table = TableV2.fromTableAttributes(this, 'LocalTable', {
      tableName: settings.tableName,
      encryptionKey: this.encryptionKey,
      grantIndexPermissions: (props.globalSecondaryIndexes ?? []).length > 0,
      globalIndexes: (props.globalSecondaryIndexes ?? []).map((gsi) => gsi.indexName),
    });

    this.replicationLatencyAlarms = topology.regions.filter((r) => r !== this.region).map((receivingRegion) =>
      notifyingAlarm(this, `ReplicationLatencyTo-${receivingRegion}`, cell.alarmTopic, {
        alarmDescription: `${settings.tableName}: replication from ${this.region} to ${receivingRegion} slower than ` +
          `${settings.latencyThreshold.toHumanString()} for 3 of 5 minutes`,
        metric: this.metricReplicationLatency(receivingRegion),
        threshold: settings.latencyThreshold.toMilliseconds(),
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      }));
    const [reads, writes] = this.metricThrottleEvents();
    this.throttlesAlarm = notifyingAlarm(this, 'ThrottlesAlarm', cell.alarmTopic, {
      alarmDescription: `${settings.tableName} in ${this.region}: reads or writes throttled`,
      metric: new MathExpression({
        // DynamoDB publishes throttle and error counts only when they happen, and metric math adds two time series only
        // where both have a datapoint: FILL turns a missing count into 0, so throttled reads alone still alarm.
        expression: 'FILL(reads, 0) + FILL(writes, 0)', usingMetrics: { reads, writes }, label: 'Throttle events', period: Duration.minutes(1),
      }),
      threshold: 1,
      evaluationPeriods: 1,
    });
    this.systemErrorsAlarm = notifyingAlarm(this, 'SystemErrorsAlarm', cell.alarmTopic, {
      alarmDescription: `${settings.tableName} in ${this.region}: DynamoDB system errors`,
      metric: zeroFilledSum(this.table.metricSystemErrorsForOperations({ statistic: 'Sum', period: Duration.minutes(1), operations: DATA_OPERATIONS })),
      threshold: 1,
      evaluationPeriods: 1,
    });

    if (settings.backupEnabled) {
      const vaultName = `${settings.tableName}-backups`;
      if (cell.isPrimary) this.backupPlan = this.createBackupPlan(vaultName, settings);
      if (this.region === settings.backupCopyRegion) {
        // The primary's first backup copies into this vault: it lives in the copy region's prerequisites stack, which
        // deploys before the primary cell (the copy region is always a secondary one).
        new BackupVault(cell.prerequisites, `${id}BackupCopyVault`, { backupVaultName: vaultName, removalPolicy: KEEP_EXCEPT_ON_CREATE });
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
      period: Duration.minutes(1),
      ...props,
    });
  }

  /** Read and write throttle events of this replica (Sum per minute by default). */
  public metricThrottleEvents(props?: MetricOptions): Metric[] {
    return ['ReadThrottleEvents', 'WriteThrottleEvents'].map((metricName) =>
      this.table.metric(metricName, { statistic: 'Sum', period: Duration.minutes(1), ...props }));
  }

  private replicaKey(id: string, props: GlobalTableStoreProps, settings: ValidatedStoreSettings): IKey | undefined {
    if (settings.encryption !== TableEncryption.CUSTOMER_MANAGED) return undefined;
    const supplied = props.encryption!;
    if (supplied.tableKey) {
      if (this.cell.isPrimary) return supplied.tableKey;
      const arn = supplied.replicaKeyArns![this.region];
      // IAM grants on an alias ARN would not reach the key: grant through the alias instead.
      const alias = /:(alias\/.+)$/.exec(arn);
      return alias ? new AliasedKey(this, 'Key', alias[1]) : Key.fromKeyArn(this, 'Key', arn);
    }
    const description = `Encrypts the ${settings.tableName} replica in ${this.region}`;
    if (this.cell.isPrimary) return rotatingKey(this, 'Key', description, keyAlias(settings));
    // A secondary replica's key must exist before the primary creates the replica: it lives in the prerequisites stack.
    // This cell's grants reach it through its alias, so no export/import ties the cell to that stack.
    rotatingKey(this.cell.prerequisites, `${id}Key`, description, keyAlias(settings));
    return new AliasedKey(this, 'Key', keyAlias(settings));
  }

  private tableEncryption(topology: MultiRegionTopology, settings: ValidatedStoreSettings, supplied?: StoreEncryption): TableEncryptionV2 {
    if (settings.encryption !== TableEncryption.CUSTOMER_MANAGED) return TableEncryptionV2.dynamoOwnedKey();
    if (supplied?.replicaKeyArns) return TableEncryptionV2.customerManagedKey(this.encryptionKey!, supplied.replicaKeyArns);
    const stack = Stack.of(this);
    const replicaKeyArns = Object.fromEntries(topology.secondaryRegions.map((region) => [region,
      // DynamoDB accepts an alias ARN; the alias is deterministic, so no reference crosses regions.
      `arn:${stack.partition}:kms:${region}:${stack.account}:${keyAlias(settings)}`]));
    return TableEncryptionV2.customerManagedKey(this.encryptionKey!, replicaKeyArns);
  }

  private createBackupPlan(vaultName: string, settings: ValidatedStoreSettings): BackupPlan {
    const stack = Stack.of(this);
    const vault = new BackupVault(this, 'BackupVault', { backupVaultName: vaultName, removalPolicy: KEEP_EXCEPT_ON_CREATE });
    const plan = new BackupPlan(this, 'BackupPlan', { backupPlanName: vaultName, backupVault: vault });
    plan.addRule(new BackupPlanRule({
      ruleName: 'DailyWithCopy',
      scheduleExpression: Schedule.cron({ hour: '3', minute: '0' }),
      deleteAfter: settings.backupRetention,
      copyActions: [{
        // The copy vault exists under the same name in the copy region's prerequisites stack: an ARN, not a reference.
        // Copying a DynamoDB backup to another region needs AWS Backup's advanced features for DynamoDB turned on in the
        // account (Backup settings; https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html).
        // Without them the plan still deploys, and each copy job fails.
        destinationBackupVault: BackupVault.fromBackupVaultArn(this, 'CopyVault',
          `arn:${stack.partition}:backup:${settings.backupCopyRegion}:${stack.account}:backup-vault:${vaultName}`),
        deleteAfter: settings.backupRetention,
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

/** The data-plane operations whose system errors alarm: CloudWatch allows at most 10 metrics in one alarm. */
const DATA_OPERATIONS = [
  Operation.GET_ITEM, Operation.PUT_ITEM, Operation.UPDATE_ITEM, Operation.DELETE_ITEM, Operation.QUERY, Operation.SCAN,
  Operation.BATCH_GET_ITEM, Operation.BATCH_WRITE_ITEM, Operation.TRANSACT_GET_ITEMS, Operation.TRANSACT_WRITE_ITEMS,
];

function keyAlias(settings: ValidatedStoreSettings): string {
  return `alias/${settings.tableName}`;
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
