import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { MultiRegionConsistency, Operation, StreamViewType } from 'aws-cdk-lib/aws-dynamodb';
import { KEEP_EXCEPT_ON_CREATE } from '../private/lifecycle';

/**
 * Every default of a `GlobalTableStore`, applied once by `validateStoreProps`; the `@default` docs of the props cite
 * these.
 */

/** What the stream records carry: TableV2 gives a table with replicas the full view unless told otherwise, so state it. */
export const DEFAULT_STREAM_VIEW = StreamViewType.NEW_AND_OLD_IMAGES;

/** Asynchronous replication: works in every region; strong consistency only in the MRSC region sets. */
export const DEFAULT_CONSISTENCY = MultiRegionConsistency.EVENTUAL;

/** Kept on update and delete; a rolled-back creation (an empty table) may go, so a retry finds no leftover name. */
export const DEFAULT_REMOVAL_POLICY: RemovalPolicy = KEEP_EXCEPT_ON_CREATE;

/** Deletion protection on every replica. */
export const DEFAULT_DELETION_PROTECTION = true;

/** Backups are on. */
export const DEFAULT_BACKUP_ENABLED = true;

/** How long each backup and its copy are kept. */
export const DEFAULT_BACKUP_RETENTION = Duration.days(35);

/** When the daily backup starts: 03:00 UTC. */
export const BACKUP_SCHEDULE = { hour: '3', minute: '0' };

/**
 * `systemErrorOperations`, derived: the operations each use of a replica is for. CloudWatch bills a metric-math alarm per
 * metric in it (https://aws.amazon.com/cloudwatch/pricing/: $0.10 per alarm metric a month), so each operation watched
 * costs one alarm metric per replica, and an operation nothing calls could never alarm.
 *
 * A read grant (`grantReadData`, `grantReadWriteData`) is for the item reads: GetItem and Query.
 */
export const READ_OPERATIONS: readonly Operation[] = [Operation.GET_ITEM, Operation.QUERY];

/** A write grant (`grantWriteData`, `grantReadWriteData`, `grantWriteDataIn`) is for the item writes. */
export const WRITE_OPERATIONS: readonly Operation[] = [Operation.PUT_ITEM, Operation.UPDATE_ITEM, Operation.DELETE_ITEM];

/** The reads `grantOperations` grants: each is the IAM action of the same name. */
export const GRANTABLE_READ_OPERATIONS: readonly Operation[] = [Operation.GET_ITEM, Operation.BATCH_GET_ITEM, Operation.QUERY, Operation.SCAN];

/** The writes `grantOperations` grants: each is the IAM action of the same name. */
export const GRANTABLE_WRITE_OPERATIONS: readonly Operation[] = [
  Operation.PUT_ITEM, Operation.UPDATE_ITEM, Operation.DELETE_ITEM, Operation.BATCH_WRITE_ITEM,
];

/** A stream grant (`grantStreamRead`) is for reading stream records (DynamoDB Streams publishes SystemErrors per GetRecords). */
export const STREAM_READ_OPERATIONS: readonly Operation[] = [Operation.GET_RECORDS];

/**
 * `systemErrorOperations` of a replica that nothing of the library uses (its readers and writers were granted some other
 * way, such as `replicaIn(region).grant...()`): what item-at-a-time applications call.
 */
export const DEFAULT_SYSTEM_ERROR_OPERATIONS: readonly Operation[] = [
  Operation.GET_ITEM, Operation.QUERY, Operation.PUT_ITEM, Operation.UPDATE_ITEM, Operation.DELETE_ITEM,
];

/** The order of the operations in a derived system-errors alarm: the same alarm whatever order the grants came in. */
export const SYSTEM_ERROR_OPERATION_ORDER: readonly Operation[] = [...DEFAULT_SYSTEM_ERROR_OPERATIONS, ...STREAM_READ_OPERATIONS];

/** The replication latency that alarms, per sending and receiving region. */
export const DEFAULT_REPLICATION_LATENCY_THRESHOLD = Duration.seconds(30);

/** How many of the last minutes the replication latency must breach before the alarm fires. */
export const REPLICATION_LATENCY_EVALUATION = { evaluationPeriods: 5, datapointsToAlarm: 3 };

/** The period of every metric the store alarms on. */
export const METRIC_PERIOD = Duration.minutes(1);

/** The suffix of the backup vault's and backup plan's names, after the table name. */
export const BACKUP_NAME_SUFFIX = '-backups';

/** The prefix of the KMS alias of each customer-managed replica key, before the table name. */
export const KEY_ALIAS_PREFIX = 'alias/';

/**
 * The replication lag of eventual consistency (MREC) that a declared recovery point objective is compared with: DynamoDB
 * replicates each change asynchronously, typically within a second, and states no bound (no SLA), so an objective below
 * one second needs strong consistency (MRSC, an RPO of zero).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html
 */
export const TYPICAL_REPLICATION_LAG = Duration.seconds(1);
