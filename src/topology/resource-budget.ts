import { CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { configError } from '../private/errors';

/** CloudFormation's quota of resources in one stack's template. */
export const MAX_RESOURCES_PER_STACK = 500;

/** How many contributors the error names. */
const NAMED_CONTRIBUTORS = 3;

/**
 * The resources `scope` and everything below it put in its stack's template: every `CfnResource` that synthesizes,
 * without what nested stacks (or stages) below it hold, which goes into their own templates.
 */
export function countResources(scope: IConstruct): number {
  const own = CfnResource.isCfnResource(scope) && synthesizes(scope) ? 1 : 0;
  return scope.node.children
    .filter((child) => !Stack.isStack(child) && !Stage.isStage(child))
    .reduce((sum, child) => sum + countResources(child), own);
}

function synthesizes(resource: CfnResource): boolean {
  // aws-cdk-lib leaves a CfnResource out of the template when this (protected) hook says so.
  return (resource as unknown as { shouldSynthesize(): boolean }).shouldSynthesize();
}

/**
 * Refuses `stack` when its template would hold more resources than CloudFormation accepts, before aws-cdk-lib's own
 * template check (or the deployment) fails with no hint of what to change. `memberOf` gives the construct of the library
 * whose replica a direct child of the stack is (by the child's id), so the error can say how many more of each kind fit.
 */
export function checkResourceBudget(stack: Stack, memberOf: (childId: string) => IConstruct | undefined): void {
  const total = countResources(stack);
  if (total <= MAX_RESOURCES_PER_STACK) return;

  const children = stack.node.children
    .filter((child) => !Stack.isStack(child) && !Stage.isStage(child))
    .map((child) => ({ child, count: countResources(child) }));
  const biggest = children.filter((c) => c.count > 0).sort((a, b) => b.count - a.count).slice(0, NAMED_CONTRIBUTORS)
    .map((c) => `'${c.child.node.path}' (${c.count})`);

  const kinds = new Map<string, { replicas: number; resources: number }>();
  for (const { child, count } of children) {
    const member = memberOf(child.node.id);
    if (!member) continue;
    const kind = kinds.get(member.constructor.name) ?? { replicas: 0, resources: 0 };
    kinds.set(member.constructor.name, { replicas: kind.replicas + 1, resources: kind.resources + count });
  }
  const fits = [...kinds.entries()].filter(([, k]) => k.resources > 0).map(([name, k]) => {
    const each = k.resources / k.replicas;
    const fit = Math.max(0, Math.floor((MAX_RESOURCES_PER_STACK - (total - k.resources)) / each));
    return { name, each, fit, replicas: k.replicas };
  }).sort((a, b) => b.replicas - a.replicas);
  const rounded = (n: number): string => String(Math.round(n * 10) / 10);
  const measured = fits.map((f) => `a ${f.name} adds ${rounded(f.each)} resources here (mean of its ${f.replicas} in this cell)`);
  const fitting = fits.map((f) => `at most ${f.fit} ${f.name}s fit in this cell beside its other resources (it has ${f.replicas})`);

  throw configError(stack, {
    setting: 'resource count',
    value: total,
    problem: `the stack '${stack.stackName}' would synthesize ${total} resources, ${total - MAX_RESOURCES_PER_STACK} over ` +
      `CloudFormation's limit, and its deployment would fail; the most come from ${biggest.join(', ')}` +
      (measured.length > 0 ? `; ${measured.join(', ')}` : ''),
    allowed: `at most ${MAX_RESOURCES_PER_STACK} resources per stack (CloudFormation quota)` +
      (fitting.length > 0 ? `: ${fitting.join('; ')}` : ''),
    fix: `remove at least ${total - MAX_RESOURCES_PER_STACK} resource${total - MAX_RESOURCES_PER_STACK === 1 ? '' : 's'} from the cell: ` +
      (fits.length > 0 ? `keep to ${fits.map((f) => `${f.fit} ${f.name}s`).join(' and ')}, split the service into ` +
        'more than one topology (each serviceName deploys its own stacks), ' : 'split the service into more than one topology, ') +
      'or move your own resources into a nested stack of the cell',
  });
}
