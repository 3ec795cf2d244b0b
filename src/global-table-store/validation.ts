import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Billing, BillingMode, MultiRegionConsistency, StreamViewType, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { IConstruct } from 'constructs';
import type { GlobalTableStoreProps } from './global-table-store';
import { configError, renderValue } from '../private/errors';
import { validateRegionName } from '../private/regions';
import { MultiRegionTopology } from '../topology/multi-region-topology';

/**
 * The region sets of multi-region strong consistency: all replicas (and the witness) come from one set.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/multi-region-strong-consistency-gt.html
 */
const MRSC_REGION_SETS: Record<string, string[]> = {
  US: ['us-east-1', 'us-east-2', 'us-west-2'],
  EU: ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1'],
  AP: ['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3'],
};

/** Settled values the store and its replicas are built from. */
export interface ValidatedStoreSettings {
  readonly tableName: string;
  readonly consistency: MultiRegionConsistency;
  readonly witnessRegion?: string;
  readonly stream?: StreamViewType;
  readonly billing: Billing;
  readonly encryption: TableEncryption;
  readonly backupEnabled: boolean;
  readonly backupRetention: Duration;
  readonly backupCopyRegion: string;
  readonly latencyThreshold: Duration;
  readonly deletionProtection: boolean;
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

export function validateStoreProps(scope: IConstruct, id: string, props: GlobalTableStoreProps): ValidatedStoreSettings {
  const topology = MultiRegionTopology.of(scope);
  if (!props.partitionKey || !props.partitionKey.name) {
    throw configError(scope, {
      setting: 'partitionKey',
      value: props.partitionKey,
      problem: 'every DynamoDB table needs a partition key',
      allowed: 'an attribute such as { name: \'pk\', type: AttributeType.STRING }',
      fix: 'set partitionKey',
    });
  }
  const indexNames = (props.globalSecondaryIndexes ?? []).map((gsi) => gsi.indexName);
  const duplicate = indexNames.find((name, i) => indexNames.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw configError(scope, {
      setting: 'globalSecondaryIndexes',
      value: indexNames,
      problem: `the index name ${renderValue(duplicate)} is used twice`,
      allowed: 'distinct index names',
      fix: `rename one of the indexes called ${renderValue(duplicate)}`,
    });
  }

  const billing = props.billing ?? Billing.onDemand();
  const provisionedIndex = (props.globalSecondaryIndexes ?? []).find((gsi) => gsi.readCapacity || gsi.writeCapacity);
  if (billing.mode === BillingMode.PAY_PER_REQUEST && provisionedIndex) {
    throw configError(scope, {
      setting: `globalSecondaryIndexes (${provisionedIndex.indexName})`,
      value: 'readCapacity/writeCapacity',
      problem: 'the index has provisioned capacity while the table bills on demand',
      allowed: 'capacity on indexes only with billing: Billing.provisioned(...)',
      fix: 'remove the index\'s readCapacity and writeCapacity, or make the table provisioned',
    });
  }

  const consistency = props.consistency ?? MultiRegionConsistency.EVENTUAL;
  const witnessRegion = validateStrongConsistency(scope, topology, consistency, props.witnessRegion);

  const tableName = props.tableName ?? `${topology.serviceName}-${id}`;
  if (Token.isUnresolved(tableName) || !/^[A-Za-z0-9_.-]{3,255}$/.test(tableName)) {
    throw configError(scope, {
      setting: props.tableName === undefined ? 'tableName (defaulted to <serviceName>-<id>)' : 'tableName',
      value: tableName,
      problem: 'the table name is the same in every region, so cells find their replica by it; it must be a valid DynamoDB name',
      allowed: '3 to 255 letters, digits, underscores, hyphens and dots',
      fix: 'choose a valid tableName',
    });
  }

  const encryption = props.encryption?.type ?? TableEncryption.DEFAULT;
  if (props.encryption?.replicaKeyArns) {
    const given = Object.keys(props.encryption.replicaKeyArns).sort();
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
  }

  const backup = props.backup ?? {};
  const backupCopyRegion = backup.copyRegion ?? topology.secondaryRegions[0];
  if (!topology.secondaryRegions.includes(backupCopyRegion)) {
    throw configError(scope, {
      setting: 'backup.copyRegion',
      value: backupCopyRegion,
      problem: 'backups are copied to another region of the topology, away from the primary',
      allowed: `one of ${renderValue(topology.secondaryRegions)}`,
      fix: 'choose a secondary region of the topology',
    });
  }
  const latencyThreshold = props.replicationLatencyThreshold ?? Duration.seconds(30);
  if (!latencyThreshold.isUnresolved() && latencyThreshold.toMilliseconds() <= 0) {
    throw configError(scope, {
      setting: 'replicationLatencyThreshold',
      value: latencyThreshold.toHumanString(),
      problem: 'the alarm threshold must be a positive duration',
      allowed: 'for example Duration.seconds(30)',
      fix: 'set a positive threshold',
    });
  }

  const deletionProtection = props.deletionProtection ?? true;
  if (props.removalPolicy === RemovalPolicy.DESTROY && deletionProtection) {
    throw configError(scope, {
      setting: 'removalPolicy',
      value: props.removalPolicy,
      problem: 'deletion protection (on by default) refuses the delete that DESTROY asks for, so the stack deletion would end ' +
        'DELETE_FAILED with the table still there',
      allowed: 'DESTROY together with deletionProtection: false; otherwise RETAIN_ON_UPDATE_OR_DELETE (the default) or RETAIN',
      fix: 'set deletionProtection: false as well (a table you mean to delete with its stack), or remove removalPolicy',
    });
  }

  return {
    tableName,
    consistency,
    witnessRegion,
    // TableV2 gives a table with replicas the full stream view unless told otherwise: state it.
    stream: props.dynamoStream ?? StreamViewType.NEW_AND_OLD_IMAGES,
    billing,
    encryption,
    backupEnabled: backup.enabled ?? true,
    backupRetention: backup.retention ?? Duration.days(35),
    backupCopyRegion,
    latencyThreshold,
    deletionProtection,
  };
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
