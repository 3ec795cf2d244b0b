import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  Attribute, Billing, GlobalSecondaryIndexPropsV2, LocalSecondaryIndexProps, MultiRegionConsistency, Operation, StreamViewType,
  TableClass,
} from 'aws-cdk-lib/aws-dynamodb';
import { StoreEncryption } from './store-encryption';

/**
 * Backups of a `GlobalTableStore`: an AWS Backup plan on the primary replica with a copy in another region.
 */
export interface StoreBackupOptions {
  /**
   * Whether the store is backed up.
   *
   * @default true (DEFAULT_BACKUP_ENABLED)
   */
  readonly enabled?: boolean;

  /**
   * How long each backup, and its copy, is kept: whole days, at least one (AWS Backup counts retention in days).
   *
   * @default Duration.days(35) (DEFAULT_BACKUP_RETENTION)
   */
  readonly retention?: Duration;

  /**
   * The region that receives a copy of every backup: a region of the topology other than the primary.
   *
   * @default - the first secondary region
   */
  readonly copyRegion?: string;
}

/**
 * Properties of a `GlobalTableStore`.
 */
export interface GlobalTableStoreProps {
  /**
   * The partition key.
   */
  readonly partitionKey: Attribute;

  /**
   * The sort key: another attribute than the partition key.
   *
   * @default - no sort key
   */
  readonly sortKey?: Attribute;

  /**
   * Global secondary indexes, replicated with the table: at most 20, names distinct from every other index.
   *
   * @default - none
   */
  readonly globalSecondaryIndexes?: GlobalSecondaryIndexPropsV2[];

  /**
   * Local secondary indexes: at most 5, only on a table with a sort key and eventual consistency (strongly consistent
   * global tables have none).
   *
   * @default - none
   */
  readonly localSecondaryIndexes?: LocalSecondaryIndexProps[];

  /**
   * The attribute holding each item's expiry time (epoch seconds). Strongly consistent global tables have no time to
   * live.
   *
   * @default - no time to live
   */
  readonly timeToLiveAttribute?: string;

  /**
   * What the table's stream records carry.
   *
   * @default StreamViewType.NEW_AND_OLD_IMAGES (DEFAULT_STREAM_VIEW)
   */
  readonly dynamoStream?: StreamViewType;

  /**
   * The billing mode: on demand, or provisioned with autoscaling (`Billing.provisioned`).
   *
   * @default Billing.onDemand()
   */
  readonly billing?: Billing;

  /**
   * The table class.
   *
   * @default - none stated: DynamoDB's default, TableClass.STANDARD
   */
  readonly tableClass?: TableClass;

  /**
   * Encryption at rest of every replica.
   *
   * @default StoreEncryption.dynamoOwnedKey()
   */
  readonly encryption?: StoreEncryption;

  /**
   * `MultiRegionConsistency.STRONG` for a recovery point objective of zero (every write acknowledged by a second
   * region): needs three regions of one MRSC region set, or two and a `witnessRegion`, and no time to live or local
   * secondary indexes.
   *
   * @default MultiRegionConsistency.EVENTUAL (DEFAULT_CONSISTENCY)
   */
  readonly consistency?: MultiRegionConsistency;

  /**
   * With strong consistency and two regions: the region that stores only the replication log, from the same
   * MRSC region set and not one of the topology's regions.
   *
   * @default - no witness
   */
  readonly witnessRegion?: string;

  /**
   * What happens to the table when it leaves the app or the stack is deleted. The default keeps it on update and
   * delete but lets a rolled-back creation delete it (it holds no data yet), so the next deploy does not fail on a
   * leftover table of the same name; `RemovalPolicy.RETAIN` keeps it even then.
   *
   * @default RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE (DEFAULT_REMOVAL_POLICY)
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Whether every replica has deletion protection: DynamoDB then refuses to delete it, whatever deletes it (a stack
   * deletion, a region removed from the topology, a console click). Turn it off only for a table meant to go with its
   * stack (tests, previews), together with `removalPolicy: RemovalPolicy.DESTROY`; ResilienceChecks reports
   * `Resilience-DDBGlobalTableDeletionProtection` on such a table until you acknowledge it. DESTROY with protection on is
   * refused at synth, since the deletion could only fail. To remove a region, deploy with protection off first (or
   * lift it on that replica by hand), then remove the region.
   *
   * @default true (DEFAULT_DELETION_PROTECTION)
   */
  readonly deletionProtection?: boolean;

  /**
   * Backups.
   *
   * @default - a daily backup of the primary replica kept 35 days, copied to the first secondary region
   */
  readonly backup?: StoreBackupOptions;

  /**
   * The table name, the same in every region. The backup vault and plan (`<tableName>-backups`, at most 50 characters,
   * no dots) and the key alias of customer-managed keys (`alias/<tableName>`, no dots) are named after it.
   *
   * @default - `<serviceName>-<id>`
   */
  readonly tableName?: string;

  /**
   * The recovery point objective the store must meet: the most recent writes a region's loss may cost. Checked at synth
   * against the configuration: zero needs `consistency: MultiRegionConsistency.STRONG`; eventual consistency replicates
   * typically within a second (TYPICAL_REPLICATION_LAG, no SLA), so it meets an objective of one second or more, and only
   * with a `replicationLatencyThreshold` no longer than the objective (so the alarm fires before the objective is missed).
   * The resilience report shows the objective beside what the configuration gives.
   *
   * @default - none declared: nothing is enforced, and the report says so
   */
  readonly recoveryPointObjective?: Duration;

  /**
   * The replication latency that alarms: a whole number of milliseconds, at least one. DynamoDB publishes replication
   * latency in the region a write is made in, so the alarms sit on the links that carry the data: the primary region's
   * replica alarms on replication toward every other region (where the writes go while nothing has failed), and each
   * other replica on replication back toward the primary (the writes it takes after a failover, or under active-active
   * routing): 2 × (R - 1) alarms per table rather than one per pair of regions. A link between two secondaries is not
   * watched by an alarm; `metricReplicationLatency(source, receiving)` gives any pair's metric for your own.
   *
   * @default Duration.seconds(30) (DEFAULT_REPLICATION_LATENCY_THRESHOLD)
   */
  readonly replicationLatencyThreshold?: Duration;

  /**
   * The operations whose DynamoDB system errors (HTTP 500s) alarm in each region: the operations your code calls, one to
   * ten of them (CloudWatch allows at most 10 metrics in one alarm, and bills each as an alarm metric, $0.10 a month).
   *
   * By default each replica watches the operations its uses call, as they stand when the template is rendered (grants
   * come after the store): a read grant GetItem and Query (READ_OPERATIONS); a write grant, `grantWriteDataIn`
   * included, PutItem, UpdateItem and DeleteItem (WRITE_OPERATIONS); `grantOperations` the operations it names; a stream
   * grant GetRecords; a saga's log UpdateItem, the only call its log writes make; a health check's dependency GetItem,
   * the health handler's read. An operation
   * nothing calls could never alarm and would still be billed. Grants made on `replicaIn(region)` directly are not
   * seen: name your operations here if your code calls others (Scan, BatchWriteItem, transactions).
   *
   * @default - the operations the store's grants and the library's own uses of it call, at most 9; GetItem, Query,
   * PutItem, UpdateItem and DeleteItem (DEFAULT_SYSTEM_ERROR_OPERATIONS) on a replica nothing of the library uses
   */
  readonly systemErrorOperations?: Operation[];
}

/**
 * Optional settings of an idempotency store.
 */
export interface IdempotencyStoreProps {
  /**
   * Backups of the idempotency records.
   *
   * @default - no backups: idempotency records are short-lived by design
   */
  readonly backup?: StoreBackupOptions;

  /**
   * Encryption at rest of every replica.
   *
   * @default StoreEncryption.dynamoOwnedKey()
   */
  readonly encryption?: StoreEncryption;
}
