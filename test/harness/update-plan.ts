import { spawnSync } from 'node:child_process';
import { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import type { Finding } from './checkers';
import { physicalNameProperty } from './lifecycle';

/**
 * What CloudFormation would do to each deployed stack of `before` when it is updated to the same stack of `after`, read
 * offline from the two templates: which resources it creates, updates in place, replaces and deletes.
 *
 * A resource's name is read as the lifecycle check reads it (`<Type>Name`, `TableName`, `Name`), which over-reads for
 * the few types whose `Name` need not be unique (an HTTP API's): a finding there is a false alarm, to acknowledge in the test.
 *
 * A resource is replaced when its type changes or a property its resource schema lists as create-only changes
 * (`createOnlyProperties`, from cfn-lint's copy of the CloudFormation registry schemas), including through a
 * reference to a replaced resource, whose physical id changes. CloudFormation creates the replacement and every new
 * resource before it deletes anything: it deletes replaced and removed resources in the cleanup phase, after every
 * create and update succeeded
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html).
 */
export interface StackUpdate {
  /** The stack's hierarchical id. */
  readonly stack: string;
  readonly created: string[];
  readonly updated: string[];
  readonly replaced: string[];
  readonly deleted: string[];
}

/** The plan of every stack both assemblies have, and what in it would fail on AWS. */
export interface UpdatePlan {
  readonly updates: StackUpdate[];
  /**
   * Updates CloudFormation or the service would refuse:
   * - `Update-ReplaceCustomNamed`: a resource with a name of its own is replaced under the same name. CloudFormation
   *   creates the replacement first, so it refuses the update ("CloudFormation cannot update a stack when a
   *   custom-named resource requires replacing").
   * - `Update-NameStillTaken`: a new resource takes the name of one the same update removes (its logical id changed, or
   *   it moved between two stacks of one region). The removal comes only in the cleanup phase, after the create, which
   *   fails with "already exists". A Route 53 record's name is its zone, name, type and set identifier.
   * - `Update-MixedRouting`: a Route 53 record is created beside a record of another routing policy for the same name
   *   and type, one the update keeps or removes only in its cleanup: Route 53 refuses records of different routing
   *   policies for one name and type
   *   (https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html).
   */
  readonly findings: Finding[];
}

/** Plans the update of every stack of `before` that `after` also has. */
export function planUpdate(before: CloudAssembly, after: CloudAssembly): UpdatePlan {
  const pairs = before.stacksRecursively.flatMap((old) => {
    const next = after.stacksRecursively.find((s) => s.hierarchicalId === old.hierarchicalId);
    return next ? [[old, next] as const] : [];
  });
  const types = new Set(pairs.flatMap(([old]) => Object.values<any>(old.template.Resources ?? {}).map((r) => r.Type as string)));
  const createOnly = createOnlyProperties([...types]);
  const updates = pairs.map(([old, next]) => planStack(old, next, createOnly));
  const findings = pairs.flatMap(([old, next], i) => replacedUnderOwnName(old, next, updates[i]));
  findings.push(...namesStillTaken(pairs.map(([old], i) => [old, updates[i]] as const), after));
  findings.push(...pairs.flatMap(([old, next], i) => mixedRouting(old, next, updates[i])));
  return { updates, findings };
}

function planStack(old: CloudFormationStackArtifact, next: CloudFormationStackArtifact, createOnly: Record<string, string[]>): StackUpdate {
  const was: Record<string, any> = old.template.Resources ?? {};
  const is: Record<string, any> = next.template.Resources ?? {};
  const kept = Object.keys(is).filter((id) => was[id]);
  const replaced = new Set(kept.filter((id) => was[id].Type !== is[id].Type ||
    (createOnly[is[id].Type] ?? []).some((pointer) => JSON.stringify(at(was[id], pointer)) !== JSON.stringify(at(is[id], pointer)))));
  // A create-only property that names a replaced resource (Ref, GetAtt) changes with its physical id: replaced too.
  for (let grew = true; grew;) {
    grew = false;
    for (const id of kept) {
      if (replaced.has(id)) continue;
      const values = (createOnly[is[id].Type] ?? []).map((pointer) => at(is[id], pointer));
      if (values.some((value) => [...replaced].some((target) => refersTo(value, target)))) {
        replaced.add(id);
        grew = true;
      }
    }
  }
  return {
    stack: next.hierarchicalId,
    created: Object.keys(is).filter((id) => !was[id]),
    updated: kept.filter((id) => !replaced.has(id) && JSON.stringify(was[id]) !== JSON.stringify(is[id])),
    replaced: [...replaced],
    deleted: Object.keys(was).filter((id) => !is[id]),
  };
}

function replacedUnderOwnName(old: CloudFormationStackArtifact, next: CloudFormationStackArtifact, update: StackUpdate): Finding[] {
  return update.replaced.flatMap((id) => {
    const before = identity(old.template.Resources[id]);
    const after = identity(next.template.Resources[id]);
    if (!after || before !== after) return [];
    return [{
      checker: 'cloudformation' as const,
      id: 'Update-ReplaceCustomNamed',
      level: 'error' as const,
      path: pathOf(next, id),
      message: `${next.template.Resources[id].Type} ${after} is replaced under the same name: CloudFormation cannot update a stack ` +
        'when a custom-named resource requires replacing. Fix: change the name in the same update, or keep its create-only properties.',
    }];
  });
}

function namesStillTaken(updated: (readonly [CloudFormationStackArtifact, StackUpdate])[], after: CloudAssembly): Finding[] {
  // Names freed only in some stack's cleanup phase, by region: what that region's removed resources were called.
  const freedLate = new Map<string, string>();
  for (const [old, update] of updated) {
    for (const id of update.deleted) {
      const name = identity(old.template.Resources[id]);
      if (name) freedLate.set(`${old.environment.region}|${old.template.Resources[id].Type}|${name}`, `${update.stack}/${id}`);
    }
  }
  const updates = updated.map(([, update]) => update);
  const findings: Finding[] = [];
  for (const next of after.stacksRecursively) {
    const update = updates.find((u) => u.stack === next.hierarchicalId);
    const created = update ? update.created : Object.keys(next.template.Resources ?? {});
    for (const id of created) {
      const name = identity(next.template.Resources[id]);
      const freed = name && freedLate.get(`${next.environment.region}|${next.template.Resources[id].Type}|${name}`);
      if (!freed) continue;
      findings.push({
        checker: 'cloudformation',
        id: 'Update-NameStillTaken',
        level: 'error',
        path: pathOf(next, id),
        message: `${next.template.Resources[id].Type} ${name} is created while ${freed} still holds that name: it goes only in its ` +
          'stack\'s cleanup phase, after this create, which fails "already exists". Fix: keep the logical id and stack of a named resource.',
      });
    }
  }
  return findings;
}

function mixedRouting(old: CloudFormationStackArtifact, next: CloudFormationStackArtifact, update: StackUpdate): Finding[] {
  const records = (stack: CloudFormationStackArtifact, ids: string[]) => ids
    .map((id) => ({ id, resource: stack.template.Resources[id] }))
    .filter(({ resource }) => resource.Type === 'AWS::Route53::RecordSet');
  // Until the cleanup phase, the zone holds what the update keeps and what it removes, beside what it creates.
  const standing = [...records(old, update.deleted), ...records(next, [...update.updated, ...unchanged(next, update)])];
  return records(next, [...update.created, ...update.replaced]).flatMap(({ id, resource }) => {
    const other = standing.find((s) => s.id !== id && recordName(s.resource) === recordName(resource) && routing(s.resource) !== routing(resource));
    if (!other) return [];
    return [{
      checker: 'cloudformation' as const,
      id: 'Update-MixedRouting',
      level: 'error' as const,
      path: pathOf(next, id),
      message: `the ${routing(resource)} record ${recordName(resource)} is created while the ${routing(other.resource)} record ${other.id} ` +
        'of the same name and type is still there: Route 53 refuses records of different routing policies for one name and type. ' +
        'Fix: remove the old records in one deployment and create the new ones in the next.',
    }];
  });
}

/** The ids of `next` an update leaves as they are. */
function unchanged(next: CloudFormationStackArtifact, update: StackUpdate): string[] {
  const touched = new Set([...update.created, ...update.updated, ...update.replaced]);
  return Object.keys(next.template.Resources ?? {}).filter((id) => !touched.has(id));
}

/** A Route 53 record's zone, name and type. */
function recordName(resource: { Properties?: Record<string, any> }): string {
  const p = resource.Properties ?? {};
  return `'${String(p.Name).replace(/\.$/, '')}' ${p.Type} in zone ${JSON.stringify(p.HostedZoneId ?? p.HostedZoneName)}`;
}

/** A Route 53 record's routing policy. */
function routing(resource: { Properties?: Record<string, any> }): string {
  const p = resource.Properties ?? {};
  if (p.Failover) return 'failover';
  if (p.Region) return 'latency';
  if (p.Weight !== undefined) return 'weighted';
  if (p.GeoLocation) return 'geolocation';
  if (p.MultiValueAnswer) return 'multivalue';
  return 'simple';
}

/** What no two resources of one type may share in a region: a Route 53 record's zone, name, type and set identifier; else its name. */
function identity(resource: { Type: string; Properties?: Record<string, any> } | undefined): string | undefined {
  if (!resource) return undefined;
  const p = resource.Properties ?? {};
  if (resource.Type === 'AWS::Route53::RecordSet') return `${recordName(resource)} set ${JSON.stringify(p.SetIdentifier ?? null)}`;
  return physicalNameProperty(resource);
}

/** The value at a schema pointer (`/properties/A/B`, `*` for every item of a list) of a template resource. */
function at(resource: any, pointer: string): unknown {
  let values: unknown[] = [resource.Properties ?? {}];
  for (const segment of pointer.split('/').slice(2)) {
    values = values.flatMap((value: any) => segment === '*' ? (Array.isArray(value) ? value : []) : [value?.[segment]]);
  }
  return values;
}

function refersTo(value: unknown, logicalId: string): boolean {
  if (Array.isArray(value)) return value.some((v) => refersTo(v, logicalId));
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  if (v.Ref === logicalId) return true;
  if (Array.isArray(v['Fn::GetAtt']) && v['Fn::GetAtt'][0] === logicalId) return true;
  return Object.values(v).some((inner) => refersTo(inner, logicalId));
}

function pathOf(stack: CloudFormationStackArtifact, logicalId: string): string {
  const entry = stack.findMetadataByType('aws:cdk:logicalId').find((e) => e.data === logicalId);
  return entry ? entry.path.replace(/^\//, '') : `${stack.hierarchicalId}/${logicalId}`;
}

/**
 * Each type's create-only property pointers, from cfn-lint's copy of the CloudFormation registry schemas (us-east-1),
 * read by the Python that runs cfn-lint. Without cfn-lint (a machine that has not installed it) this throws: the plan
 * cannot be made without the schemas.
 */
function createOnlyProperties(types: string[]): Record<string, string[]> {
  // A type without a registry schema (custom resources, AWS::CDK::Metadata) has no create-only property known here.
  const script = [
    'import json, sys',
    'from cfnlint.schema import PROVIDER_SCHEMA_MANAGER as m',
    'def create_only(t):',
    '    try:',
    '        return m.get_resource_schema("us-east-1", t).schema.get("createOnlyProperties", [])',
    '    except Exception:',
    '        return []',
    'print(json.dumps({t: create_only(t) for t in json.loads(sys.argv[1])}))',
  ].join('\n');
  const run = spawnSync(process.env.CFN_LINT_PYTHON ?? 'python3', ['-c', script, JSON.stringify(types)], { encoding: 'utf-8' });
  if (run.status !== 0) {
    throw new Error(`reading the CloudFormation schemas failed (cfn-lint's Python, CFN_LINT_PYTHON or python3): ${run.error?.message ?? run.stderr}`);
  }
  return JSON.parse(run.stdout);
}
