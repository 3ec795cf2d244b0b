import { Token } from 'aws-cdk-lib';
import {
  Attribute, AttributeType, Billing, BillingMode, Capacity, CapacityMode, GlobalSecondaryIndexPropsV2, LocalSecondaryIndexProps, ProjectionType,
} from 'aws-cdk-lib/aws-dynamodb';
import { IConstruct } from 'constructs';
import type { GlobalTableStoreProps } from './options';
import { configError, renderValue } from '../private/errors';
import { checkList, checkName, checkNumber, checkOneOf, checkInstance } from '../private/validate';

/**
 * Checks of the table's schema and throughput, for `validateStoreProps`: keys, indexes and their projections, attribute
 * types, billing and capacities. DynamoDB's limits: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
 */

const MAX_GSIS = 20;
const MAX_LSIS = 5;
const MAX_PROJECTED_ATTRIBUTES = 100;
const MAX_KEY_ATTRIBUTES = 4;

/** Key attribute names: 1 to 255 characters of any kind (DynamoDB). */
const ATTRIBUTE_NAME = { maxLength: 255, pattern: /^[\s\S]+$/, characters: 'any characters' };
/** Index names: 3 to 255 letters, digits, underscores, hyphens and dots (DynamoDB). */
const INDEX_NAME = { minLength: 3, maxLength: 255, pattern: /^[A-Za-z0-9_.-]+$/, characters: 'letters, digits, underscores, hyphens and dots' };

export function validateKeys(scope: IConstruct, props: GlobalTableStoreProps): { partitionKey: Attribute; sortKey?: Attribute } {
  if (!props.partitionKey || typeof props.partitionKey !== 'object') {
    throw configError(scope, {
      setting: 'partitionKey',
      value: props.partitionKey,
      problem: 'every DynamoDB table needs a partition key',
      allowed: 'an attribute such as { name: \'pk\', type: AttributeType.STRING }',
      fix: 'set partitionKey',
    });
  }
  const partitionKey = validateAttribute(scope, 'partitionKey', props.partitionKey);
  if (props.sortKey === undefined) return { partitionKey };
  const sortKey = validateAttribute(scope, 'sortKey', props.sortKey);
  if (sortKey.name === partitionKey.name) {
    throw configError(scope, {
      setting: 'sortKey.name',
      value: sortKey.name,
      problem: 'the sort key is the partition key\'s attribute, and a key schema names two different attributes',
      allowed: `an attribute other than ${renderValue(partitionKey.name)}`,
      fix: 'name another attribute as sortKey, or remove sortKey',
    });
  }
  return { partitionKey, sortKey };
}

function validateAttribute(scope: IConstruct, setting: string, attribute: Attribute): Attribute {
  if (!attribute || typeof attribute !== 'object') {
    throw configError(scope, {
      setting,
      value: attribute,
      problem: 'a key attribute has a name and a type',
      allowed: 'an attribute such as { name: \'pk\', type: AttributeType.STRING }',
      fix: `set ${setting} to an attribute`,
    });
  }
  checkName(scope, `${setting}.name`, attribute.name, ATTRIBUTE_NAME);
  checkOneOf(scope, `${setting}.type`, attribute.type, Object.values(AttributeType), 'DynamoDB key attributes are strings, numbers or binary');
  return attribute;
}

export function validateGlobalIndexes(scope: IConstruct, given: GlobalSecondaryIndexPropsV2[] | undefined,
  billing: Billing): GlobalSecondaryIndexPropsV2[] {
  const indexes = [...checkList(scope, 'globalSecondaryIndexes', given, {})];
  checkList(scope, 'globalSecondaryIndexes', indexes.map((gsi) => gsi?.indexName), {
    maxItems: MAX_GSIS, why: `DynamoDB allows ${MAX_GSIS} global secondary indexes per table`,
  });
  indexes.forEach((gsi, i) => {
    const name = checkName(scope, `globalSecondaryIndexes[${i}].indexName`, gsi?.indexName, INDEX_NAME);
    const setting = `globalSecondaryIndexes (${name})`;
    validateIndexKeys(scope, setting, 'partitionKey', gsi.partitionKey, gsi.partitionKeys, true);
    validateIndexKeys(scope, setting, 'sortKey', gsi.sortKey, gsi.sortKeys, false);
    validateProjection(scope, setting, gsi.projectionType, gsi.nonKeyAttributes);
    if (billing.mode === BillingMode.PAY_PER_REQUEST && (gsi.readCapacity || gsi.writeCapacity)) {
      throw configError(scope, {
        setting,
        value: 'readCapacity/writeCapacity',
        problem: 'the index has provisioned capacity while the table bills on demand',
        allowed: 'capacity on indexes only with billing: Billing.provisioned(...)',
        fix: 'remove the index\'s readCapacity and writeCapacity, or make the table provisioned',
      });
    }
    if (gsi.readCapacity) validateCapacity(scope, `${setting}.readCapacity`, gsi.readCapacity, 'read');
    if (gsi.writeCapacity) validateCapacity(scope, `${setting}.writeCapacity`, gsi.writeCapacity, 'write');
    for (const field of ['maxReadRequestUnits', 'maxWriteRequestUnits'] as const) {
      if (gsi[field] !== undefined) checkNumber(scope, `${setting}.${field}`, gsi[field], { min: 1, unit: 'request units' });
    }
    for (const field of ['readUnitsPerSecond', 'writeUnitsPerSecond'] as const) {
      const value = gsi.warmThroughput?.[field];
      if (value !== undefined) checkNumber(scope, `${setting}.warmThroughput.${field}`, value, { min: 1, unit: 'units per second' });
    }
  });
  const projected = indexes.reduce((sum, gsi) => sum + (gsi.nonKeyAttributes ?? []).length, 0);
  if (projected > MAX_PROJECTED_ATTRIBUTES) {
    throw configError(scope, {
      setting: 'globalSecondaryIndexes (nonKeyAttributes)',
      value: projected,
      problem: `the indexes project ${projected} non-key attributes, over DynamoDB's limit of ${MAX_PROJECTED_ATTRIBUTES} per table`,
      allowed: `at most ${MAX_PROJECTED_ATTRIBUTES} non-key attributes across all indexes`,
      fix: 'project fewer attributes, or use ProjectionType.ALL',
    });
  }
  return indexes;
}

export function validateLocalIndexes(scope: IConstruct, given: LocalSecondaryIndexProps[] | undefined, sortKey: Attribute | undefined,
  strong: boolean): LocalSecondaryIndexProps[] {
  const indexes = [...checkList(scope, 'localSecondaryIndexes', given, {})];
  if (indexes.length === 0) return indexes;
  checkList(scope, 'localSecondaryIndexes', indexes.map((lsi) => lsi?.indexName), {
    maxItems: MAX_LSIS, why: `DynamoDB allows ${MAX_LSIS} local secondary indexes per table`,
  });
  const names = indexes.map((lsi) => lsi?.indexName);
  if (strong) {
    throw configError(scope, {
      setting: 'localSecondaryIndexes',
      value: names,
      problem: 'a strongly consistent (MRSC) global table has no local secondary indexes, and DynamoDB refuses the table',
      allowed: 'global secondary indexes with consistency: MultiRegionConsistency.STRONG',
      fix: 'make the indexes global secondary indexes, or use eventual consistency',
    });
  }
  if (!sortKey) {
    throw configError(scope, {
      setting: 'localSecondaryIndexes',
      value: names,
      problem: 'a local secondary index shares the table\'s partition key and needs a table with a sort key',
      allowed: 'local secondary indexes on a table with sortKey',
      fix: 'set sortKey on the table, or make the indexes global secondary indexes',
    });
  }
  indexes.forEach((lsi, i) => {
    const name = checkName(scope, `localSecondaryIndexes[${i}].indexName`, lsi?.indexName, INDEX_NAME);
    const setting = `localSecondaryIndexes (${name})`;
    validateAttribute(scope, `${setting}.sortKey`, lsi.sortKey);
    validateProjection(scope, setting, lsi.projectionType, lsi.nonKeyAttributes);
  });
  return indexes;
}

/** An index's key: one attribute (`single`) or up to four (`multi`), never both; the partition key is required. */
function validateIndexKeys(scope: IConstruct, setting: string, field: string, single: Attribute | undefined,
  multi: Attribute[] | undefined, required: boolean): void {
  if (single !== undefined && multi !== undefined) {
    throw configError(scope, {
      setting: `${setting}.${field}`,
      value: single.name,
      problem: `${field} and ${field}s are both set`,
      allowed: `one of ${field} (one attribute) or ${field}s (up to ${MAX_KEY_ATTRIBUTES})`,
      fix: `keep one of ${field} and ${field}s`,
    });
  }
  if (single === undefined && multi === undefined) {
    if (!required) return;
    throw configError(scope, {
      setting: `${setting}.${field}`,
      value: undefined,
      problem: 'every global secondary index needs a partition key',
      allowed: 'an attribute such as { name: \'gsi1pk\', type: AttributeType.STRING }',
      fix: `set ${field} on the index`,
    });
  }
  if (single !== undefined) {
    validateAttribute(scope, `${setting}.${field}`, single);
    return;
  }
  checkList(scope, `${setting}.${field}s`, (multi ?? []).map((a) => a?.name), {
    minItems: 1, maxItems: MAX_KEY_ATTRIBUTES, unique: true, why: `an index key has 1 to ${MAX_KEY_ATTRIBUTES} attributes`,
  });
  (multi ?? []).forEach((attribute, i) => validateAttribute(scope, `${setting}.${field}s[${i}]`, attribute));
}

function validateProjection(scope: IConstruct, setting: string, projection: ProjectionType | undefined,
  nonKeyAttributes: string[] | undefined): void {
  const type = checkOneOf(scope, `${setting}.projectionType`, projection ?? ProjectionType.ALL, Object.values(ProjectionType),
    'DynamoDB projects all attributes, the keys only, or the keys and the listed attributes');
  const listed = nonKeyAttributes ?? [];
  if (type === ProjectionType.INCLUDE && listed.length === 0) {
    throw configError(scope, {
      setting: `${setting}.nonKeyAttributes`,
      value: nonKeyAttributes,
      problem: 'an INCLUDE projection projects the attributes it lists, and lists none',
      allowed: 'one or more attribute names with ProjectionType.INCLUDE',
      fix: 'list the attributes in nonKeyAttributes, or use ProjectionType.KEYS_ONLY',
    });
  }
  if (type !== ProjectionType.INCLUDE && listed.length > 0) {
    throw configError(scope, {
      setting: `${setting}.nonKeyAttributes`,
      value: listed,
      problem: `a ${type} projection takes no list of attributes`,
      allowed: 'nonKeyAttributes only with ProjectionType.INCLUDE',
      fix: 'set projectionType: ProjectionType.INCLUDE, or remove nonKeyAttributes',
    });
  }
  listed.forEach((name, i) => checkName(scope, `${setting}.nonKeyAttributes[${i}]`, name, ATTRIBUTE_NAME));
  checkList(scope, `${setting}.nonKeyAttributes`, listed, { unique: true });
}

/** Index names are distinct across global and local secondary indexes (one namespace per table). */
export function validateIndexNames(scope: IConstruct, gsis: GlobalSecondaryIndexPropsV2[], lsis: LocalSecondaryIndexProps[]): void {
  const names = [...gsis, ...lsis].map((index) => index.indexName);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate === undefined) return;
  throw configError(scope, {
    setting: lsis.length > 0 ? 'globalSecondaryIndexes/localSecondaryIndexes' : 'globalSecondaryIndexes',
    value: names,
    problem: `the index name ${renderValue(duplicate)} is used twice`,
    allowed: 'distinct index names',
    fix: `rename one of the indexes called ${renderValue(duplicate)}`,
  });
}

/** An attribute used by several keys has one type: DynamoDB defines each attribute once. */
export function validateAttributeTypes(scope: IConstruct, partitionKey: Attribute, sortKey: Attribute | undefined,
  gsis: GlobalSecondaryIndexPropsV2[], lsis: LocalSecondaryIndexProps[]): void {
  const uses: Array<[string, Attribute]> = [['partitionKey', partitionKey], ...(sortKey ? [['sortKey', sortKey] as [string, Attribute]] : [])];
  for (const gsi of gsis) {
    for (const [field, attributes] of [['partitionKey', gsi.partitionKeys ?? (gsi.partitionKey ? [gsi.partitionKey] : [])],
      ['sortKey', gsi.sortKeys ?? (gsi.sortKey ? [gsi.sortKey] : [])]] as const) {
      for (const attribute of attributes) uses.push([`globalSecondaryIndexes (${gsi.indexName}).${field}`, attribute]);
    }
  }
  for (const lsi of lsis) uses.push([`localSecondaryIndexes (${lsi.indexName}).sortKey`, lsi.sortKey]);
  const first = new Map<string, [string, Attribute]>();
  for (const [setting, attribute] of uses) {
    const earlier = first.get(attribute.name);
    if (earlier && earlier[1].type !== attribute.type) {
      throw configError(scope, {
        setting: `${setting}.type`,
        value: attribute.type,
        problem: `the attribute ${renderValue(attribute.name)} is ${earlier[1].type} in ${earlier[0]}, and DynamoDB gives each attribute one type`,
        allowed: `AttributeType ${earlier[1].type} for ${renderValue(attribute.name)}`,
        fix: `use the same type for ${renderValue(attribute.name)} everywhere, or another attribute name`,
      });
    }
    if (!earlier) first.set(attribute.name, [setting, attribute]);
  }
}

export function validateBilling(scope: IConstruct, billing: Billing): Billing {
  checkInstance(scope, 'billing', billing, Billing, 'Billing.onDemand(...) or Billing.provisioned(...)');
  // Billing keeps its settings private: what it renders is what the table gets.
  const rendered = billing as unknown as { _renderReadCapacity(): any; _renderWriteCapacity(): any };
  if (billing.mode === BillingMode.PAY_PER_REQUEST) {
    for (const [field, value] of [['maxReadRequestUnits', rendered._renderReadCapacity()], ['maxWriteRequestUnits', rendered._renderWriteCapacity()]]) {
      if (value !== undefined) checkNumber(scope, `billing (${field})`, value, { min: 1, unit: 'request units per second' });
    }
    return billing;
  }
  const [read, write] = capacitiesOf(billing);
  validateCapacity(scope, 'billing (readCapacity)', read, 'read');
  validateCapacity(scope, 'billing (writeCapacity)', write, 'write');
  return billing;
}

/** The read and write capacities of a provisioned `Billing`, which keeps them in a closure: recovered by rendering. */
function capacitiesOf(billing: Billing): [RenderedCapacity, RenderedCapacity] {
  const rendered = billing as unknown as { _renderReadCapacity(): any; _renderWriteCapacity(): any };
  const write = (() => {
    try {
      return rendered._renderWriteCapacity();
    } catch {
      return { fixedWrite: true };
    }
  })();
  return [rendered._renderReadCapacity(), write];
}

type RenderedCapacity = Capacity | {
  readonly readCapacityUnits?: number;
  readonly fixedWrite?: boolean;
  readonly readCapacityAutoScalingSettings?: AutoscalingRendered;
  readonly writeCapacityAutoScalingSettings?: AutoscalingRendered;
};
interface AutoscalingRendered {
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly seedCapacity?: number;
  readonly targetTrackingScalingPolicyConfiguration: { readonly targetValue: number };
}

/** Checks a capacity's numbers: a fixed one (reads only), or autoscaling bounds, seed and target. */
function validateCapacity(scope: IConstruct, setting: string, given: RenderedCapacity, use: 'read' | 'write'): void {
  let capacity: any = given;
  if (given instanceof Capacity) {
    if (use === 'write' && given.mode === CapacityMode.FIXED) capacity = { fixedWrite: true };
    else capacity = use === 'read' ? (given as any)._renderReadCapacity() : (given as any)._renderWriteCapacity();
  }
  if (capacity.fixedWrite) {
    throw configError(scope, {
      setting,
      value: 'Capacity.fixed(...)',
      problem: 'a global table\'s write capacity must autoscale: every replica takes every write',
      allowed: 'Capacity.autoscaled({ maxCapacity }) for write capacity',
      fix: `set ${setting.replace(/ \((\w+)\)$/, '.$1')} to Capacity.autoscaled({ maxCapacity: ... })`,
    });
  }
  if (capacity.readCapacityUnits !== undefined) {
    checkNumber(scope, setting, capacity.readCapacityUnits, { min: 1, unit: 'capacity units' });
    return;
  }
  const auto: AutoscalingRendered = capacity.readCapacityAutoScalingSettings ?? capacity.writeCapacityAutoScalingSettings;
  const min = checkNumber(scope, `${setting}.minCapacity`, auto.minCapacity, { min: 1, unit: 'capacity units' });
  checkNumber(scope, `${setting}.maxCapacity`, auto.maxCapacity, {
    min: Token.isUnresolved(min) ? 1 : min, unit: 'capacity units', why: 'the maximum is at least the minimum',
  });
  if (auto.seedCapacity !== undefined) checkNumber(scope, `${setting}.seedCapacity`, auto.seedCapacity, { min: 1, unit: 'capacity units' });
  checkNumber(scope, `${setting}.targetUtilizationPercent`, auto.targetTrackingScalingPolicyConfiguration.targetValue, {
    min: 20, max: 90, integer: false, unit: 'percent', why: 'DynamoDB autoscaling targets 20 to 90 percent',
  });
}

/** The time-to-live attribute: an attribute name; a strongly consistent (MRSC) global table has none. */
export function validateTimeToLive(scope: IConstruct, attribute: string | undefined, strong: boolean): string | undefined {
  if (attribute === undefined) return undefined;
  checkName(scope, 'timeToLiveAttribute', attribute, ATTRIBUTE_NAME);
  if (strong) {
    throw configError(scope, {
      setting: 'timeToLiveAttribute',
      value: attribute,
      problem: 'a strongly consistent (MRSC) global table has no time to live, and DynamoDB refuses the table',
      allowed: 'no time to live with consistency: MultiRegionConsistency.STRONG',
      fix: 'remove timeToLiveAttribute (delete expired items yourself), or use eventual consistency',
    });
  }
  return attribute;
}
