import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import {
  Attribute, Billing, GlobalSecondaryIndexPropsV2, LocalSecondaryIndexProps, MultiRegionConsistency, Operation, StreamViewType,
  TableClass,
} from 'aws-cdk-lib/aws-dynamodb';
import { IPrincipal } from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import {
  BACKUP_NAME_SUFFIX, DEFAULT_BACKUP_ENABLED, DEFAULT_BACKUP_RETENTION, DEFAULT_CONSISTENCY, DEFAULT_DELETION_PROTECTION,
  DEFAULT_REMOVAL_POLICY, DEFAULT_REPLICATION_LATENCY_THRESHOLD, DEFAULT_STREAM_VIEW, GRANTABLE_READ_OPERATIONS,
  GRANTABLE_WRITE_OPERATIONS,
} from './defaults';
import type { GlobalTableStoreProps } from './options';
import { validateRecoveryPointObjective } from './recovery-point';
import {
  validateAttributeTypes, validateBilling, validateGlobalIndexes, validateIndexNames, validateKeys, validateLocalIndexes, validateTimeToLive,
} from './schema-validation';
import { StoreEncryption } from './store-encryption';
import { configError, renderValue } from '../private/errors';
import { validateRegionName } from '../private/regions';
import { DerivedName, checkDuration, checkIgnored, checkInstance, checkList, checkName, checkOneOf } from '../private/validate';
import { MultiRegionTopology } from '../topology/multi-region-topology';
import { IReplicatedGrantable } from '../topology/replicated-grantable';

/**
 * The region sets of multi-region strong consistency: all replicas (and the witness) come from one set.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/multi-region-strong-consistency-gt.html
 */
const MRSC_REGION_SETS: Record<string, string[]> = {
  US: ['us-east-1', 'us-east-2', 'us-west-2'],
  EU: ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1'],
  AP: ['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3'],
};

const NAME_CHARACTERS = 'letters, digits, underscores, hyphens and dots';
const NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

/** Backup vault names: 2 to 50 letters, digits, hyphens and underscores (AWS Backup; aws-cdk-lib's BackupVault checks the same). */
const BACKUP_VAULT_NAME: DerivedName = {
  what: 'the backup vault name',
  derive: (name) => `${name}${BACKUP_NAME_SUFFIX}`,
  maxLength: 50,
  pattern: /^[A-Za-z0-9_-]+$/,
  characters: 'letters, digits, hyphens and underscores',
};
/** Backup plan names: 1 to 50 letters, digits, hyphens, underscores and dots (AWS Backup). */
const BACKUP_PLAN_NAME: DerivedName = {
  what: 'the backup plan name',
  derive: (name) => `${name}${BACKUP_NAME_SUFFIX}`,
  maxLength: 50,
  pattern: /^[A-Za-z0-9_.-]+$/,
  characters: 'letters, digits, hyphens, underscores and dots',
};
/** Backups as settled: present only when enabled. */
export interface StoreBackupSettings {
  readonly retention: Duration;
  readonly copyRegion: string;
  /** The name of the backup vault (in the primary and the copy region) and of the plan. */
  readonly name: string;
}

/** Settled values the store and its replicas are built from: every default applied, every value checked. */
export interface StoreSettings {
  readonly tableName: string;
  readonly partitionKey: Attribute;
  readonly sortKey?: Attribute;
  readonly globalSecondaryIndexes: GlobalSecondaryIndexPropsV2[];
  readonly localSecondaryIndexes: LocalSecondaryIndexProps[];
  /** The names of the global secondary indexes: what grants and the runtime-wiring declarations reach. */
  readonly indexNames: string[];
  readonly timeToLiveAttribute?: string;
  readonly stream: StreamViewType;
  readonly billing: Billing;
  /** Undefined leaves DynamoDB's default (STANDARD) unstated, as the template always had it. */
  readonly tableClass?: TableClass;
  readonly encryption: StoreEncryption;
  readonly consistency: MultiRegionConsistency;
  readonly witnessRegion?: string;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  /** Undefined when backups are off. */
  readonly backup?: StoreBackupSettings;
  readonly latencyThreshold: Duration;
  /** The declared recovery point objective, checked against the configuration; undefined when none is declared. */
  readonly recoveryPointObjective?: Duration;
  /**
   * The operations whose system errors alarm, distinct, 1 to 10, as given; undefined: each replica watches the operations
   * its uses are for (READ_OPERATIONS, WRITE_OPERATIONS, ...), or DEFAULT_SYSTEM_ERROR_OPERATIONS while it has none.
   */
  readonly systemErrorOperations?: Operation[];
}

/**
 * A global table needs the regions of its replicas at synth time: refuse a store placed in a region-agnostic
 * stack before looking for the topology, with a message about exactly that.
 */
export function validateStoreScope(scope: IConstruct): void {
  const stack = scope.node.scopes.find((s) => Stack.isStack(s)) as Stack | undefined;
  if (stack && Token.isUnresolved(stack.region)) {
    throw configError(scope, {
      setting: 'scope',
      value: stack.node.path,
      problem: 'the store is in a region-agnostic stack (no env), so the regions of its replicas are unknown at synth time',
      allowed: 'a MultiRegionTopology (the store places a replica in each of its cells)',
      fix: 'create the GlobalTableStore with a MultiRegionTopology as its scope',
    });
  }
}

export function validateStoreProps(scope: IConstruct, id: string, given: GlobalTableStoreProps): StoreSettings {
  const topology = MultiRegionTopology.of(scope);
  // A missing props object reads as no props at all: the partition key check then speaks of it.
  const props: GlobalTableStoreProps = given ?? ({} as GlobalTableStoreProps);
  const consistency = checkOneOf(scope, 'consistency', props.consistency ?? DEFAULT_CONSISTENCY,
    Object.values(MultiRegionConsistency), 'DynamoDB global tables are eventually or strongly consistent');
  const strong = consistency === MultiRegionConsistency.STRONG;

  const keys = validateKeys(scope, props);
  const billing = validateBilling(scope, props.billing ?? Billing.onDemand());
  const globalSecondaryIndexes = validateGlobalIndexes(scope, props.globalSecondaryIndexes, billing);
  const localSecondaryIndexes = validateLocalIndexes(scope, props.localSecondaryIndexes, keys.sortKey, strong);
  validateIndexNames(scope, globalSecondaryIndexes, localSecondaryIndexes);
  validateAttributeTypes(scope, keys.partitionKey, keys.sortKey, globalSecondaryIndexes, localSecondaryIndexes);

  const timeToLiveAttribute = validateTimeToLive(scope, props.timeToLiveAttribute, strong);
  const witnessRegion = validateStrongConsistency(scope, topology, consistency, props.witnessRegion);

  const stream = checkOneOf(scope, 'dynamoStream', props.dynamoStream ?? DEFAULT_STREAM_VIEW, Object.values(StreamViewType),
    'DynamoDB streams carry keys only, new images, old images, or both');
  const tableClass = props.tableClass === undefined ? undefined
    : checkOneOf(scope, 'tableClass', props.tableClass, Object.values(TableClass), 'DynamoDB has two table classes');

  const encryption = validateEncryption(scope, topology, props.encryption ?? StoreEncryption.dynamoOwnedKey());

  const backup = props.backup ?? {};
  const backupEnabled = checkOneOf(scope, 'backup.enabled', backup.enabled ?? DEFAULT_BACKUP_ENABLED, [true, false], 'the setting is a boolean');
  if (!backupEnabled) {
    for (const option of ['retention', 'copyRegion'] as const) {
      checkIgnored(scope, `backup.${option}`, backup[option], {
        because: 'backups are off (backup.enabled is false)',
        allowed: 'no value while backups are off',
        fix: `remove backup.${option}, or turn backups on`,
      });
    }
  }
  const tableName = validateTableName(scope, topology, id, props.tableName, backupEnabled, encryption);

  const deletionProtection = checkOneOf(scope, 'deletionProtection', props.deletionProtection ?? DEFAULT_DELETION_PROTECTION,
    [true, false], 'the setting is a boolean');
  const removalPolicy = checkOneOf(scope, 'removalPolicy', props.removalPolicy ?? DEFAULT_REMOVAL_POLICY,
    Object.values(RemovalPolicy), 'CloudFormation deletion policies');
  if (removalPolicy === RemovalPolicy.DESTROY && deletionProtection) {
    throw configError(scope, {
      setting: 'removalPolicy',
      value: removalPolicy,
      problem: 'deletion protection (on by default) refuses the delete that DESTROY asks for, so the stack deletion would end ' +
        'DELETE_FAILED with the table still there',
      allowed: 'DESTROY together with deletionProtection: false; otherwise RETAIN_ON_UPDATE_OR_DELETE (the default) or RETAIN',
      fix: 'set deletionProtection: false as well (a table you mean to delete with its stack), or remove removalPolicy',
    });
  }

  const latencyThreshold = props.replicationLatencyThreshold ?? DEFAULT_REPLICATION_LATENCY_THRESHOLD;
  checkDuration(scope, 'replicationLatencyThreshold', latencyThreshold, {
    unit: 'millis', why: 'DynamoDB reports replication latency in milliseconds',
  });

  const systemErrorOperations = validateSystemErrorOperations(scope, props.systemErrorOperations);

  return {
    tableName,
    ...keys,
    globalSecondaryIndexes,
    localSecondaryIndexes,
    indexNames: globalSecondaryIndexes.map((gsi) => gsi.indexName),
    timeToLiveAttribute,
    stream,
    billing,
    tableClass,
    encryption,
    consistency,
    witnessRegion,
    removalPolicy,
    deletionProtection,
    backup: backupEnabled ? validateBackup(scope, topology, backup.retention, backup.copyRegion, tableName) : undefined,
    latencyThreshold,
    recoveryPointObjective: validateRecoveryPointObjective(scope, props.recoveryPointObjective, consistency, latencyThreshold),
    systemErrorOperations,
  };
}

/** The operations given, checked; undefined (none given) means each replica derives them from its uses. */
function validateSystemErrorOperations(scope: IConstruct, given: Operation[] | undefined): Operation[] | undefined {
  if (given === undefined) return undefined;
  const operations = [...checkList(scope, 'systemErrorOperations', given, {
    minItems: 1, maxItems: 10, unique: true, why: 'one alarm sums them, and CloudWatch allows 1 to 10 metrics in an alarm',
  })];
  operations.forEach((operation, i) => checkOneOf(scope, `systemErrorOperations[${i}]`, operation, Object.values(Operation),
    'DynamoDB publishes SystemErrors per data-plane operation', 'use an Operation value, for example Operation.GET_ITEM'));
  return operations;
}

/**
 * The operations of a `grantOperations` call, each once: item operations whose IAM action has the operation's name.
 * The others are refused, each with what grants it: IAM authorizes a transaction by the item actions inside it
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html), a PartiQL statement by
 * the PartiQL actions (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-iam.html), and a stream read
 * by the stream's own actions.
 */
export function validateGrantOperations(scope: IConstruct, operations: readonly Operation[]): readonly Operation[] {
  const allowed = [...GRANTABLE_READ_OPERATIONS, ...GRANTABLE_WRITE_OPERATIONS];
  checkList(scope, 'operations', operations, { minItems: 1, why: 'a grant names what the grantee calls' });
  operations.forEach((operation, i) => {
    if (Array.isArray(operation)) {
      throw configError(scope, {
        setting: `operations[${i}]`,
        value: operation,
        problem: 'grantOperations takes each operation as an argument of its own, not a list',
        allowed: `one of ${allowed.join(', ')}`,
        fix: 'spread the list: grantOperations(grantee, ...operations)',
      });
    }
    checkOneOf(scope, `operations[${i}]`, operation, allowed, 'grantOperations grants item operations whose IAM action has the same name',
      `${UNGRANTABLE_FIX[operation as string] ?? 'name the item operations the grantee calls'}; ` +
      'add what it calls that way to systemErrorOperations if its system errors should alarm');
  });
  return allowed.filter((operation) => operations.includes(operation));
}

/** What grants the PartiQL actions a statement needs. */
const PARTIQL_FIX = 'grant the PartiQL actions of the statements with replicaIn(region).grant(principal, \'dynamodb:PartiQLSelect\', ...)';

/** What grants an operation `grantOperations` refuses. */
const UNGRANTABLE_FIX: Record<string, string> = {
  [Operation.TRANSACT_GET_ITEMS]: 'grant Operation.GET_ITEM, the action IAM checks for each read of a TransactGetItems',
  [Operation.TRANSACT_WRITE_ITEMS]: 'grant the operations inside the TransactWriteItems (Operation.PUT_ITEM, UPDATE_ITEM, DELETE_ITEM), ' +
    'and for a ConditionCheck replicaIn(region).grant(principal, \'dynamodb:ConditionCheckItem\')',
  [Operation.EXECUTE_STATEMENT]: PARTIQL_FIX,
  [Operation.BATCH_EXECUTE_STATEMENT]: PARTIQL_FIX,
  [Operation.EXECUTE_TRANSACTION]: PARTIQL_FIX,
  [Operation.GET_RECORDS]: 'use grantStreamRead, which grants the stream\'s actions',
};

/** Refuses a grantee that is not replicated: the store grants each region's principal on that region's replica only. */
export function validateReplicatedGrantee(scope: IConstruct, grantee: IReplicatedGrantable,
  fix = 'pass a ReplicatedFunction, or grant one region\'s principal with grantWriteDataIn(region, principal) or replicaIn(region).grant...()'): void {
  if (typeof grantee?.grantPrincipalIn === 'function') return;
  throw configError(scope, {
    setting: 'grantee',
    value: grantee === undefined || grantee === null ? grantee : String(grantee),
    problem: 'the grantee has no principal per region (grantPrincipalIn), and each region\'s replica is granted to that region\'s principal',
    allowed: 'a replicated grantee such as a ReplicatedFunction',
    fix,
  });
}

/**
 * Refuses a grantee DynamoDB's grants cannot serve: a service principal (aws-cdk-lib's table grants refuse it, and an
 * identity policy cannot be attached to a service).
 */
export function validateGrantee(scope: IConstruct, setting: string, principal: IPrincipal): void {
  if ('Service' in principal.policyFragment.principalJson) {
    throw configError(scope, {
      setting,
      value: String(principal),
      problem: 'a service principal has no identity policy to receive the grant',
      allowed: 'a role, user or other identity (a ReplicatedFunction, a state machine role)',
      fix: 'grant the role the service uses, or add a resource policy statement for the service yourself',
    });
  }
}

function validateEncryption(scope: IConstruct, topology: MultiRegionTopology, encryption: StoreEncryption): StoreEncryption {
  checkInstance(scope, 'encryption', encryption, StoreEncryption, 'StoreEncryption.dynamoOwnedKey(), StoreEncryption.customerManagedKeys() or StoreEncryption.suppliedKeys(key, arns)');
  const arns = encryption.replicaKeyArns;
  if (arns === undefined) return encryption;
  const given = Object.keys(arns ?? {}).sort();
  const needed = [...topology.secondaryRegions].sort();
  if (JSON.stringify(given) !== JSON.stringify(needed)) {
    throw configError(scope, {
      setting: 'encryption (replicaKeyArns)',
      value: given,
      problem: 'a supplied key is needed for exactly each secondary region',
      allowed: `keys for ${renderValue(needed)}`,
      fix: 'give one key ARN per secondary region of the topology',
    });
  }
  for (const region of needed) {
    const arn = arns[region];
    if (Token.isUnresolved(arn)) continue;
    const parsed = /^arn:[a-z-]+:kms:([a-z0-9-]+):\d{12}:(key\/[A-Za-z0-9-]+|alias\/[A-Za-z0-9/_-]+)$/.exec(String(arn));
    const problem = !parsed ? 'it is not the ARN of a KMS key or alias'
      : parsed[1] !== region ? `the key is in ${parsed[1]}, and DynamoDB encrypts a replica with a key of its own region` : undefined;
    if (problem) {
      throw configError(scope, {
        setting: `encryption (replicaKeyArns['${region}'])`,
        value: arn,
        problem,
        allowed: `a key or alias ARN of ${region}, such as 'arn:aws:kms:${region}:${topology.account}:key/<key id>'`,
        fix: `give the ARN of a KMS key (or alias) in ${region}`,
      });
    }
  }
  const keyRegion = encryption.tableKey?.env.region;
  if (keyRegion !== undefined && !Token.isUnresolved(keyRegion) && keyRegion !== topology.primaryRegion) {
    throw configError(scope, {
      setting: 'encryption (tableKey)',
      value: encryption.tableKey!.node.path,
      problem: `the key is in ${keyRegion}, and the primary replica in ${topology.primaryRegion} needs a key of its own region`,
      allowed: `a key created in the primary cell (${topology.primaryRegion})`,
      fix: 'create the key in topology.primaryCell',
    });
  }
  return encryption;
}

function validateTableName(scope: IConstruct, topology: MultiRegionTopology, id: string, given: string | undefined,
  backupEnabled: boolean, encryption: StoreEncryption): string {
  const setting = given === undefined ? 'tableName (defaulted to <serviceName>-<id>)' : 'tableName';
  const tableName = given ?? `${topology.serviceName}-${id}`;
  if (Token.isUnresolved(tableName)) {
    throw configError(scope, {
      setting,
      value: tableName,
      problem: 'the table name is an unresolved token, and every cell finds its replica by the name at synth time',
      allowed: `${NAME_CHARACTERS}, written out`,
      fix: 'write the table name itself',
    });
  }
  // The names derived from the table name, each only where the store creates it.
  const derived = [...(backupEnabled ? [BACKUP_VAULT_NAME, BACKUP_PLAN_NAME] : []), ...encryption._derivedNames()];
  return checkName(scope, setting, tableName, { minLength: 3, maxLength: 255, pattern: NAME_PATTERN, characters: NAME_CHARACTERS, derived });
}

function validateBackup(scope: IConstruct, topology: MultiRegionTopology, retention: Duration | undefined, copyRegion: string | undefined,
  tableName: string): StoreBackupSettings {
  const keep = retention ?? DEFAULT_BACKUP_RETENTION;
  checkDuration(scope, 'backup.retention', keep, { unit: 'days', why: 'AWS Backup keeps backups for whole days' });
  const region = copyRegion ?? topology.secondaryRegions[0];
  if (!topology.secondaryRegions.includes(region)) {
    throw configError(scope, {
      setting: 'backup.copyRegion',
      value: region,
      problem: 'backups are copied to another region of the topology, away from the primary',
      allowed: `one of ${renderValue(topology.secondaryRegions)}`,
      fix: 'choose a secondary region of the topology',
    });
  }
  return { retention: keep, copyRegion: region, name: BACKUP_VAULT_NAME.derive(tableName) };
}

function validateStrongConsistency(scope: IConstruct, topology: MultiRegionTopology, consistency: MultiRegionConsistency,
  witnessRegion: string | undefined): string | undefined {
  if (consistency !== MultiRegionConsistency.STRONG) {
    if (witnessRegion !== undefined) {
      throw configError(scope, {
        setting: 'witnessRegion',
        value: witnessRegion,
        problem: 'a witness only exists for multi-region strong consistency',
        allowed: 'no witness with eventual consistency',
        fix: 'remove witnessRegion, or set consistency: MultiRegionConsistency.STRONG',
      });
    }
    return undefined;
  }
  if (witnessRegion !== undefined) {
    validateRegionName(scope, 'witnessRegion', witnessRegion);
    if (topology.regions.includes(witnessRegion)) {
      throw configError(scope, {
        setting: 'witnessRegion',
        value: witnessRegion,
        problem: 'the witness is also a replica region of the topology; a witness holds no replica',
        allowed: 'a region of the same MRSC region set outside the topology',
        fix: 'choose a witness region that is not one of the topology\'s regions',
      });
    }
  }
  const members = witnessRegion ? [...topology.regions, witnessRegion] : topology.regions;
  if (members.length !== 3 || (witnessRegion !== undefined && topology.regions.length !== 2)) {
    throw configError(scope, {
      setting: 'consistency',
      value: { regions: topology.regions, witnessRegion },
      problem: 'multi-region strong consistency needs exactly three replicas, or two replicas and a witness',
      allowed: 'a 3-region topology, or a 2-region topology with witnessRegion',
      fix: topology.regions.length === 2 ? 'add a witnessRegion' : 'use a topology of three regions (or two and a witness)',
    });
  }
  const set = Object.entries(MRSC_REGION_SETS).find(([, regions]) => members.every((r) => regions.includes(r)));
  if (!set) {
    throw configError(scope, {
      setting: 'consistency',
      value: members,
      problem: 'multi-region strong consistency works only within one region set',
      allowed: Object.entries(MRSC_REGION_SETS).map(([name, regions]) => `${name}: ${regions.join(', ')}`).join('; '),
      fix: 'choose all regions (and the witness) from one set, or use eventual consistency',
    });
  }
  return witnessRegion;
}
