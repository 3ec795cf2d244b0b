import { IMetric, Metric, MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { Attribute, AttributeType, ITableV2, MultiRegionConsistency, Operation } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, IPrincipal, IRole } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { GRANTABLE_WRITE_OPERATIONS, READ_OPERATIONS, STREAM_READ_OPERATIONS, WRITE_OPERATIONS } from './defaults';
import { StoreReplica } from './global-table-store-replica';
import { GlobalTableStoreProps, IdempotencyStoreProps } from './options';
import { StoreSettings, validateGrantee, validateGrantOperations, validateReplicatedGrantee, validateStoreProps, validateStoreScope } from './validation';
import { acknowledge, nagPartition } from '../private/acknowledge';
import { AliasedKey } from '../private/alias-key';
import { declareInteractions } from '../private/interactions';
import { DrillTargetPart } from '../topology/drill-target';
import { partInRegion } from '../topology/membership';
import { MultiRegionTopology } from '../topology/multi-region-topology';
import { IReplicatedGrantable } from '../topology/replicated-grantable';

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

  private readonly settings: StoreSettings;

  constructor(scope: Construct, id: string, props: GlobalTableStoreProps) {
    super(scope, id);
    validateStoreScope(this);
    this.topology = MultiRegionTopology.of(this);
    const settings = validateStoreProps(this, id, props);
    this.settings = settings;
    this.tableName = settings.tableName;
    this.partitionKeyName = settings.partitionKey.name;
    this.partitionKeyType = settings.partitionKey.type;
    this.consistency = settings.consistency;
    this.recoveryPointObjective = settings.consistency === MultiRegionConsistency.STRONG
      ? '0 seconds (strong multi-region consistency)'
      : 'typically about 1 second (asynchronous replication, no SLA)';
    this.topology._claimPhysicalName('tableName', settings.tableName, this);
    this.replicas = this.topology.cells.map((cell) => StoreReplica._create(cell, this.topology._replicaId(this), settings));
    this.topology._contributeToReport(() => ({
      // Every cell reaches the table through its own replica.
      cells: this.topology.regions.map((region) => ({ region, stores: [this.tableName] })),
      stores: [{
        tableName: this.tableName,
        consistency: this.consistency,
        recoveryPointObjective: this.recoveryPointObjective,
        declaredRecoveryPointObjectiveSeconds: settings.recoveryPointObjective ? settings.recoveryPointObjective.toMilliseconds() / 1000 : null,
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
  public grantReadData(grantee: IReplicatedGrantable): Grant {
    return this.grantLocal(grantee, READ_OPERATIONS, (table, principal) => table.grantReadData(principal));
  }

  /** Lets each region's grantee write its local replica (table, indexes, key). */
  public grantWriteData(grantee: IReplicatedGrantable): Grant {
    return this.grantLocal(grantee, WRITE_OPERATIONS, (table, principal) => table.grantWriteData(principal));
  }

  /** Lets each region's grantee read and write its local replica (table, indexes, key). */
  public grantReadWriteData(grantee: IReplicatedGrantable): Grant {
    return this.grantLocal(grantee, [...READ_OPERATIONS, ...WRITE_OPERATIONS], (table, principal) => table.grantReadWriteData(principal));
  }

  /**
   * Lets each region's grantee call exactly `operations` on its local replica: the operations' IAM actions on the table
   * and its indexes, and with a customer-managed key aws-cdk-lib's standard key grant for reads (decrypt) or, with a
   * write among them, for writes (encrypt and decrypt). Least privilege on the table, and the replica's system-errors
   * alarm watches just these operations, so it bills no alarm metric for an operation the grantee never calls.
   *
   * @param operations the item operations the grantee calls: GetItem, BatchGetItem, Query, Scan, PutItem, UpdateItem,
   * DeleteItem or BatchWriteItem (at least one; repeats are ignored)
   */
  public grantOperations(grantee: IReplicatedGrantable, ...operations: Operation[]): Grant {
    const granted = validateGrantOperations(this, operations);
    const keyActions = writes(granted) ? [...KEY_READ_ACTIONS, ...KEY_WRITE_ACTIONS] : KEY_READ_ACTIONS;
    return this.grantLocal(grantee, granted, (table, principal, replica) => {
      const grant = table.grant(principal, ...actionsOf(granted));
      return replica.encryptionKey ? grant.combine(replica.encryptionKey.grant(principal, ...keyActions)) : grant;
    }, 'pass a ReplicatedFunction, or grant one region\'s principal exactly what it calls with replicaIn(region).grant(principal, ' +
      '\'dynamodb:<Operation>\')');
  }

  /**
   * Lets each region's grantee read the change stream of its local replica (and decrypt it, with a customer-managed key).
   * The stream's label is chosen by DynamoDB at creation, so the grant names every stream of that one table.
   */
  public grantStreamRead(grantee: IReplicatedGrantable): Grant {
    validateReplicatedGrantee(this, grantee);
    return combine(this.replicas.map((replica) => {
      const principal = grantee.grantPrincipalIn(replica.region);
      validateGrantee(this, 'grantee', principal);
      const grant = combine([
        replica.table.grantStream(principal, ...STREAM_READ_ACTIONS),
        // Not ITableV2.grantTableListStreams: it names the stream ARN, and ListStreams has no resource-level permissions,
        // so IAM would never match it (aws/aws-cdk#34575).
        Grant.addToPrincipal({ grantee: principal, actions: ['dynamodb:ListStreams'], resourceArns: ['*'] }),
        ...(replica.encryptionKey ? [replica.encryptionKey.grantDecrypt(principal)] : []),
      ]);
      this.declareStreamAccess(replica, principal);
      replica._useOperations(STREAM_READ_OPERATIONS);
      if (Construct.isConstruct(principal)) {
        // cdk-nag's id for the statement, as a literal: an acknowledgement id cannot hold a token (the partition is one
        // without the @aws-cdk/core:enablePartitionLiterals flag).
        const streamsId = `arn:${nagPartition(replica.cell)}:dynamodb:${replica.region}:${this.topology.account}:table/${this.tableName}/stream/*`;
        acknowledge(principal, [`AwsSolutions-IAM5[Resource::${streamsId}]`, 'AwsSolutions-IAM5[Resource::*]'],
          `Stream read on ${this.tableName} in ${replica.region} only: the stream label is set by DynamoDB at creation, ` +
          'and dynamodb:ListStreams has no resource-level permissions');
      }
      return grant;
    }));
  }

  /**
   * Lets `principal`, which acts in `regionName`, write that region's replica (table, indexes, key).
   */
  public grantWriteDataIn(regionName: string, principal: IPrincipal): Grant {
    return this.grantInRegion(this.replica(regionName), principal, WRITE_OPERATIONS, (table) => table.grantWriteData(principal));
  }

  /**
   * `grantWriteDataIn` for a writer of the library that calls only `operations` (a saga's log writes): the same grant,
   * and the replica's system-errors alarm watches those operations rather than every write.
   * @internal
   */
  public _grantWriteDataIn(regionName: string, principal: IPrincipal, operations: readonly Operation[]): Grant {
    const replica = this.replica(regionName);
    return this.grantInRegion(replica, principal, operations, (table) => table.grantWriteData(principal));
  }

  /**
   * Records that something of the library calls `operations` on the replica in `regionName` with a grant of its own (a
   * health check's reads), for that replica's system-errors alarm.
   * @internal
   */
  public _useOperationsIn(regionName: string, operations: readonly Operation[]): void {
    this.replica(regionName)._useOperations(operations);
  }

  /**
   * Replication latency from `sourceRegion` to `receivingRegion` (Average per minute by default), published in the source region.
   */
  public metricReplicationLatency(sourceRegion: string, receivingRegion: string, props?: MetricOptions): Metric {
    return this.replica(sourceRegion).metricReplicationLatency(this.topology.cell(receivingRegion).region, props);
  }

  /**
   * System errors of the replica in `regionName`, summed over `systemErrorOperations` (Sum per minute by default): with
   * no options, the metric its alarm watches.
   */
  public metricSystemErrors(regionName: string, props?: MetricOptions): IMetric {
    return this.replica(regionName).metricSystemErrors(props);
  }

  /** Read and write throttle events of the replica in `regionName` (Sum per minute by default). */
  public metricThrottleEvents(regionName: string, props?: MetricOptions): Metric[] {
    return this.replica(regionName).metricThrottleEvents(props);
  }

  private grantLocal(grantee: IReplicatedGrantable, operations: readonly Operation[],
    grant: (table: ITableV2, principal: IPrincipal, replica: StoreReplica) => Grant, granteeFix?: string): Grant {
    validateReplicatedGrantee(this, grantee, granteeFix);
    return combine(this.replicas.map((replica) => {
      const principal = grantee.grantPrincipalIn(replica.region);
      return this.grantInRegion(replica, principal, operations, (table) => grant(table, principal, replica));
    }));
  }

  /**
   * Grants on one region's replica only, acknowledging the wildcards that aws-cdk-lib's table grants carry (every
   * index of this one table; for writes, its key's `GenerateDataKey*`/`ReEncrypt*`).
   */
  private grantInRegion(replica: StoreReplica, principal: IPrincipal, operations: readonly Operation[], grant: (table: ITableV2) => Grant): Grant {
    validateGrantee(this, 'grantee', principal);
    const result = grant(replica.table);
    this.declareDataAccess(replica, principal, operations);
    replica._useOperations(operations);
    if (!Construct.isConstruct(principal)) return result;
    const findings = this.settings.indexNames.length > 0
      ? [`AwsSolutions-IAM5[Resource::arn:${nagPartition(replica.cell)}:dynamodb:${replica.region}:${this.topology.account}:table/${this.tableName}/index/*]`]
      : [];
    if (replica.encryptionKey && writes(operations)) findings.push('AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]');
    if (findings.length > 0) {
      acknowledge(principal, findings, `Grants on ${this.tableName} in ${replica.region} only: every index of that one table, ` +
        'and the encrypt/decrypt actions of its replica key (aws-cdk-lib\'s standard table grant)');
    }
    return result;
  }

  /** Declares the data-plane calls a grant on `replica` exists for: the table, each index, and the replica's key. */
  private declareDataAccess(replica: StoreReplica, principal: IPrincipal, operations: readonly Operation[]): void {
    if (!isRole(principal)) return;
    const purpose = `the grantee reads or writes ${this.tableName} in ${replica.region}`;
    const actions = actionsOf(operations);
    const indexActions = actions.filter((action) => INDEX_ACTIONS.includes(action));
    declareInteractions(replica, { principal, actions, resource: replica.table.tableArn, purpose },
      ...(indexActions.length > 0 ? this.settings.indexNames : []).map((name) => ({
        principal, actions: indexActions, resource: `${replica.table.tableArn}/index/${name}`, purpose,
      })));
    if (replica.encryptionKey) {
      declareInteractions(replica, {
        principal,
        // DynamoDB decrypts the table key for every request, writes included; a write also generates data keys.
        actions: ['kms:Decrypt', ...(writes(operations) ? ['kms:GenerateDataKey'] : [])],
        resource: replica.encryptionKey.keyArn,
        context: { 'kms:ViaService': `dynamodb.${replica.region}.amazonaws.com`, ...AliasedKey.useContext(replica.encryptionKey) },
        purpose,
      });
    }
  }

  /** Declares the stream reads a stream grant on `replica` exists for, and the key use they need. */
  private declareStreamAccess(replica: StoreReplica, principal: IPrincipal): void {
    if (!isRole(principal)) return;
    declareInteractions(replica, {
      principal,
      actions: ['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream'],
      resource: `${replica.table.tableArn}/stream/${EXAMPLE_STREAM_LABEL}`,
      purpose: `the grantee reads the stream of ${this.tableName} in ${replica.region}`,
    }, ...(replica.encryptionKey ? [{
      principal,
      actions: ['kms:Decrypt'],
      resource: replica.encryptionKey.keyArn,
      context: { 'kms:ViaService': `dynamodb.${replica.region}.amazonaws.com`, ...AliasedKey.useContext(replica.encryptionKey) },
      purpose: `the grantee decrypts the stream of ${this.tableName} in ${replica.region}`,
    }] : []));
  }

  /**
   * The table's key schema, for constructs that write items of their own (a saga's log).
   * @internal
   */
  public _keySchema(): { readonly partitionKey: Attribute; readonly sortKey?: Attribute } {
    return { partitionKey: this.settings.partitionKey, sortKey: this.settings.sortKey };
  }

  /**
   * What a region-failure drill faults in `region` (IDrillTarget): the local replica, and its alarms.
   * @internal
   */
  public _drillTargetIn(region: string): DrillTargetPart {
    const replica = this.replica(region);
    return {
      name: this.node.id,
      region: replica.region,
      table: {
        tableArn: replica.table.tableArn,
        tableName: replica.table.tableName,
        strongConsistency: this.consistency === MultiRegionConsistency.STRONG,
      },
      alarms: {
        throttles: replica.throttlesAlarm,
        systemErrors: replica.systemErrorsAlarm,
        replicationLatency: replica.replicationLatencyAlarms,
      },
    };
  }
}

/** The data-plane actions of item `operations`: each operation's IAM action has its name. */
function actionsOf(operations: readonly Operation[]): string[] {
  return operations.map((operation) => `dynamodb:${operation}`);
}

/** Whether `operations` write items (and so, with a customer-managed key, encrypt). */
function writes(operations: readonly Operation[]): boolean {
  return operations.some((operation) => GRANTABLE_WRITE_OPERATIONS.includes(operation));
}

/** The actions that also reach a table's indexes. */
const INDEX_ACTIONS = ['dynamodb:Query', 'dynamodb:Scan'];

/** The key use a table grant needs with a customer-managed key, as aws-cdk-lib's own table grants give it. */
const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_WRITE_ACTIONS = ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];

/** What reading a stream takes, as aws-cdk-lib's grantStreamRead grants it on the stream. */
const STREAM_READ_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];

/** A stream label as DynamoDB chooses them at creation (a timestamp): what a stream reader's request names. */
const EXAMPLE_STREAM_LABEL = '2026-01-01T00:00:00.000';

/** One grant of the grants on every replica. */
function combine(grants: Grant[]): Grant {
  return grants.reduce((all, grant) => all.combine(grant));
}

function isRole(principal: IPrincipal): principal is IRole {
  return Construct.isConstruct(principal) && 'roleArn' in principal;
}
