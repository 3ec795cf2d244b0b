import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { IMetric, Metric, MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import {
  Attribute, AttributeType, Billing, GlobalSecondaryIndexPropsV2, ITableV2, MultiRegionConsistency, StreamViewType, TableClass,
} from 'aws-cdk-lib/aws-dynamodb';
import { IPrincipal, IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { StoreEncryption } from './store-encryption';
import { StoreReplica } from './store-replica';
import { validateStoreProps, validateStoreScope } from './validation';
import { acknowledge, nagPartition } from '../private/acknowledge';
import { AliasedKey } from '../private/alias-key';
import { declareInteractions } from '../private/interactions';
import { partInRegion } from '../topology/membership';
import { MultiRegionTopology } from '../topology/multi-region-topology';
import { IReplicatedGrantable } from '../topology/replicated-grantable';

/**
 * Backups of a `GlobalTableStore`: an AWS Backup plan on the primary replica with a copy in another region.
 */
export interface StoreBackupOptions {
  /**
   * Whether the store is backed up.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * How long each backup, and its copy, is kept.
   *
   * @default Duration.days(35)
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
   * The sort key.
   *
   * @default - no sort key
   */
  readonly sortKey?: Attribute;

  /**
   * Global secondary indexes, replicated with the table.
   *
   * @default - none
   */
  readonly globalSecondaryIndexes?: GlobalSecondaryIndexPropsV2[];

  /**
   * The attribute holding each item's expiry time (epoch seconds).
   *
   * @default - no time to live
   */
  readonly timeToLiveAttribute?: string;

  /**
   * What the table's stream records carry.
   *
   * @default StreamViewType.NEW_AND_OLD_IMAGES
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
   * @default TableClass.STANDARD
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
   * region): needs three regions of one MRSC region set, or two and a `witnessRegion`.
   *
   * @default MultiRegionConsistency.EVENTUAL
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
   * @default RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
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
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * Backups.
   *
   * @default - a daily backup of the primary replica kept 35 days, copied to the first secondary region
   */
  readonly backup?: StoreBackupOptions;

  /**
   * The table name, the same in every region.
   *
   * @default - `<serviceName>-<id>`
   */
  readonly tableName?: string;

  /**
   * The replication latency that alarms in each region.
   *
   * @default Duration.seconds(30)
   */
  readonly replicationLatencyThreshold?: Duration;
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

/**
 * A DynamoDB global table with a replica in every regional cell of a topology, every replica protected,
 * observed and backed up.
 *
 * The table (TableV2, one `AWS::DynamoDB::GlobalTable`) lives in the primary cell with replicas in the other
 * cells. Every replica has point-in-time recovery and (unless you turn it off) deletion protection; the table is
 * retained unless you ask otherwise. Each cell reaches its local replica by the table's deterministic name: grants
 * and alarms in a cell are about that cell's replica only.
 */
export class GlobalTableStore extends Construct {
  /**
   * A store preset for Powertools for AWS Lambda idempotency: partition key `id` (string) and time to live on
   * `expiration`, the attribute names Powertools' DynamoDB persistence layer uses by default.
   */
  public static forIdempotency(scope: Construct, id: string, props: IdempotencyStoreProps = {}): GlobalTableStore {
    return new GlobalTableStore(scope, id, {
      partitionKey: { name: 'id', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
      backup: props.backup ?? { enabled: false },
      encryption: props.encryption,
    });
  }

  /** The topology the store is replicated across. */
  public readonly topology: MultiRegionTopology;

  /** The table name, the same in every region. */
  public readonly tableName: string;

  /** The name of the partition key attribute. */
  public readonly partitionKeyName: string;

  /** The type of the partition key attribute. */
  public readonly partitionKeyType: AttributeType;

  /** The multi-region consistency of the table. */
  public readonly consistency: MultiRegionConsistency;

  /**
   * The recovery point objective: how much acknowledged data the loss of a region can cost.
   * `0 seconds` with strong consistency; eventual consistency replicates typically within a second, without SLA.
   */
  public readonly recoveryPointObjective: string;

  /** One replica per region, in the topology's region order. */
  public readonly replicas: StoreReplica[];

  private readonly indexNames: string[];

  constructor(scope: Construct, id: string, props: GlobalTableStoreProps) {
    super(scope, id);
    validateStoreScope(this);
    this.topology = MultiRegionTopology.of(this);
    const settings = validateStoreProps(this, id, props);
    this.tableName = settings.tableName;
    this.partitionKeyName = props.partitionKey.name;
    this.partitionKeyType = props.partitionKey.type;
    this.consistency = settings.consistency;
    this.recoveryPointObjective = settings.consistency === MultiRegionConsistency.STRONG
      ? '0 seconds (strong multi-region consistency)'
      : 'typically about 1 second (asynchronous replication, no SLA)';
    this.indexNames = (props.globalSecondaryIndexes ?? []).map((gsi) => gsi.indexName);
    this.topology._claimPhysicalName('tableName', settings.tableName, this);
    this.replicas = StoreReplica._createAll(this.topology, this.topology._replicaId(this), props, settings);
    this.topology._contributeToReport(() => ({
      // Every cell reaches the table through its own replica.
      cells: this.topology.regions.map((region) => ({ region, stores: [this.tableName] })),
      stores: [{
        tableName: this.tableName,
        consistency: this.consistency,
        recoveryPointObjective: this.recoveryPointObjective,
        regions: this.replicas.map((r) => r.region),
      }],
    }));
  }

  /**
   * The table of the replica in `regionName`, for use in that region's cell.
   *
   * @throws if the topology has no cell in `regionName`
   */
  public replicaIn(regionName: string): ITableV2 {
    return this.replica(regionName).table;
  }

  /**
   * The replica in `regionName`: its table and alarms.
   *
   * @throws if the topology has no cell in `regionName`
   */
  public replica(regionName: string): StoreReplica {
    return partInRegion(this, this.topology, this.replicas, regionName);
  }

  /** Lets each region's grantee read its local replica (table, indexes, key). */
  public grantReadData(grantee: IReplicatedGrantable): void {
    this.grantLocal(grantee, READ, (table, principal) => table.grantReadData(principal));
  }

  /** Lets each region's grantee write its local replica (table, indexes, key). */
  public grantWriteData(grantee: IReplicatedGrantable): void {
    this.grantLocal(grantee, WRITE, (table, principal) => table.grantWriteData(principal));
  }

  /** Lets each region's grantee read and write its local replica (table, indexes, key). */
  public grantReadWriteData(grantee: IReplicatedGrantable): void {
    this.grantLocal(grantee, READ_WRITE, (table, principal) => table.grantReadWriteData(principal));
  }

  /**
   * Lets each region's grantee read the change stream of its local replica (and decrypt it, with a customer-managed key).
   * The stream's label is chosen by DynamoDB at creation, so the grant names every stream of that one table.
   */
  public grantStreamRead(grantee: IReplicatedGrantable): void {
    for (const replica of this.replicas) {
      const principal = grantee.grantPrincipalIn(replica.region);
      const streams = `${replica.table.tableArn}/stream/*`;
      // cdk-nag's id for the statement, as a literal: an acknowledgement id cannot hold a token (the partition is one
      // without the @aws-cdk/core:enablePartitionLiterals flag).
      const streamsId = `arn:${nagPartition(replica.cell)}:dynamodb:${replica.region}:${this.topology.account}:table/${this.tableName}/stream/*`;
      principal.addToPrincipalPolicy(new PolicyStatement({
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        resources: [streams],
      }));
      // ListStreams has no resource-level permissions.
      principal.addToPrincipalPolicy(new PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] }));
      replica.encryptionKey?.grantDecrypt(principal);
      if (isRole(principal)) {
        declareInteractions(replica, {
          principal,
          actions: ['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream'],
          resource: `${streams.slice(0, -1)}${EXAMPLE_STREAM_LABEL}`,
          purpose: `the grantee reads the stream of ${this.tableName} in ${replica.region}`,
        }, ...(replica.encryptionKey ? [{
          principal,
          actions: ['kms:Decrypt'],
          resource: replica.encryptionKey.keyArn,
          context: { 'kms:ViaService': `dynamodb.${replica.region}.amazonaws.com`, ...AliasedKey.useContext(replica.encryptionKey) },
          purpose: `the grantee decrypts the stream of ${this.tableName} in ${replica.region}`,
        }] : []));
      }
      if (Construct.isConstruct(principal)) {
        acknowledge(principal, [`AwsSolutions-IAM5[Resource::${streamsId}]`, 'AwsSolutions-IAM5[Resource::*]'],
          `Stream read on ${this.tableName} in ${replica.region} only: the stream label is set by DynamoDB at creation, ` +
          'and dynamodb:ListStreams has no resource-level permissions');
      }
    }
  }

  /**
   * Lets `principal`, which acts in `regionName`, write that region's replica (table, indexes, key).
   */
  public grantWriteDataIn(regionName: string, principal: IPrincipal): void {
    this.grantInRegion(this.replica(regionName), principal, WRITE, (table) => table.grantWriteData(principal));
  }

  private grantLocal(grantee: IReplicatedGrantable, access: Access, grant: (table: ITableV2, principal: IPrincipal) => void): void {
    for (const replica of this.replicas) {
      const principal = grantee.grantPrincipalIn(replica.region);
      this.grantInRegion(replica, principal, access, (table) => grant(table, principal));
    }
  }

  /**
   * Grants on one region's replica only, acknowledging the wildcards that aws-cdk-lib's table grants carry (every
   * index of this one table; for writes, its key's `GenerateDataKey*`/`ReEncrypt*`).
   */
  private grantInRegion(replica: StoreReplica, principal: IPrincipal, access: Access, grant: (table: ITableV2) => void): void {
    grant(replica.table);
    this.declareDataAccess(replica, principal, access);
    if (!Construct.isConstruct(principal)) return;
    const findings = this.indexNames.length > 0
      ? [`AwsSolutions-IAM5[Resource::arn:${nagPartition(replica.cell)}:dynamodb:${replica.region}:${this.topology.account}:table/${this.tableName}/index/*]`]
      : [];
    if (replica.encryptionKey && access.writes) findings.push('AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]');
    if (findings.length > 0) {
      acknowledge(principal, findings, `Grants on ${this.tableName} in ${replica.region} only: every index of that one table, ` +
        'and the encrypt/decrypt actions of its replica key (aws-cdk-lib\'s standard table grant)');
    }
  }

  /** Declares the data-plane calls a grant on `replica` exists for: the table, each index, and the replica's key. */
  private declareDataAccess(replica: StoreReplica, principal: IPrincipal, access: Access): void {
    if (!isRole(principal)) return;
    const purpose = `the grantee reads or writes ${this.tableName} in ${replica.region}`;
    const actions = [...(access.reads ? ['dynamodb:GetItem', 'dynamodb:Query'] : []), ...(access.writes ? ['dynamodb:PutItem', 'dynamodb:UpdateItem'] : [])];
    declareInteractions(replica, { principal, actions, resource: replica.table.tableArn, purpose },
      ...(access.reads ? this.indexNames : []).map((name) => ({
        principal, actions: ['dynamodb:Query'], resource: `${replica.table.tableArn}/index/${name}`, purpose,
      })));
    if (replica.encryptionKey) {
      declareInteractions(replica, {
        principal,
        actions: [...(access.reads ? ['kms:Decrypt'] : []), ...(access.writes ? ['kms:GenerateDataKey'] : [])],
        resource: replica.encryptionKey.keyArn,
        context: { 'kms:ViaService': `dynamodb.${replica.region}.amazonaws.com`, ...AliasedKey.useContext(replica.encryptionKey) },
        purpose,
      });
    }
  }

  /**
   * Replication latency from `sourceRegion` to `receivingRegion` (Average per minute by default), published in the source region.
   */
  public metricReplicationLatency(sourceRegion: string, receivingRegion: string, props?: MetricOptions): Metric {
    return this.replica(sourceRegion).metricReplicationLatency(this.topology.cell(receivingRegion).region, props);
  }

  /** System errors of the replica in `regionName`, summed over the data-plane operations (per minute). */
  public metricSystemErrors(regionName: string): IMetric {
    return this.replica(regionName).systemErrorsAlarm.metric;
  }

  /** Read and write throttle events of the replica in `regionName` (Sum per minute by default). */
  public metricThrottleEvents(regionName: string, props?: MetricOptions): Metric[] {
    return this.replica(regionName).metricThrottleEvents(props);
  }
}

/** What a grant lets the grantee do with the data. */
interface Access {
  readonly reads: boolean;
  readonly writes: boolean;
}
const READ: Access = { reads: true, writes: false };
const WRITE: Access = { reads: false, writes: true };
const READ_WRITE: Access = { reads: true, writes: true };

/** A stream label as DynamoDB chooses them at creation (a timestamp): what a stream reader's request names. */
const EXAMPLE_STREAM_LABEL = '2026-01-01T00:00:00.000';

function isRole(principal: IPrincipal): principal is IRole {
  return Construct.isConstruct(principal) && 'roleArn' in principal;
}
