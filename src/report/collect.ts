import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { COSTED_RESOURCE_TYPES, TemplateResource, costOf } from './cost';
import { CellEntry, ChecksEntry, RegionSwitchPlanEntry, ReportInput, ReportModel, SpofEntry } from './model';
import { compareStrategies } from './strategy-cost';
import { ResilienceChecks } from '../resilience-checks/resilience-checks';

/**
 * Resource types that serve requests or carry work at run time: one of them in fewer regions than the topology has is
 * a single point of failure for whatever depends on it.
 */
const RUNTIME_TYPES = new Set([
  'AWS::Lambda::Function', 'AWS::Lambda::EventSourceMapping', 'AWS::ApiGatewayV2::Api', 'AWS::ApiGateway::RestApi',
  'AWS::StepFunctions::StateMachine', 'AWS::SQS::Queue', 'AWS::SNS::Topic', 'AWS::DynamoDB::Table', 'AWS::Events::Rule',
  'AWS::Events::EventBus', 'AWS::Kinesis::Stream', 'AWS::S3::Bucket', 'AWS::AppSync::GraphQLApi',
]);

/** aws-cdk-lib's deploy-time helpers (custom-resource providers), which serve no request. */
const DEPLOY_TIME_HELPER = /(^|\/)(AWS[0-9a-f]{32}|LogRetention[0-9a-f]+|Custom::|BucketNotificationsHandler|CustomResourceProvider)/;

/**
 * Everything the report says about a topology, from what its constructs contributed and its synthesized resources: the
 * templates in the cloud assembly at `outdir`, once synthesis has written them.
 */
export function collectReport(input: ReportInput, outdir: string): ReportModel {
  const parts = input.contributions;
  const cells: CellEntry[] = input.cells.map((cell) => {
    const here = parts.flatMap((part) => part.cells ?? []).filter((c) => c.region === cell.region);
    return {
      region: cell.region,
      stackName: cell.stackName,
      primary: cell.primary,
      functions: here.flatMap((c) => c.functions ?? []),
      stores: here.flatMap((c) => c.stores ?? []),
      sagas: here.flatMap((c) => c.sagas ?? []),
      drills: here.flatMap((c) => c.drills ?? []),
    };
  });
  const resources = templateResources(input.scope, outdir);
  const routing = parts.flatMap((part) => part.routing ?? []);
  const cost = costOf(resources, parts.flatMap((part) => part.healthLoads ?? []));
  return {
    service: input.service,
    account: input.account,
    primaryRegion: input.primaryRegion,
    regions: input.regions,
    strategy: {
      name: input.strategy.name,
      standbyRegions: input.strategy.standbyRegions,
      standbyCapacity: input.strategy.standbyCapacity,
      recovery: parts.flatMap((part) => part.recovery ?? []),
    },
    cells,
    routing,
    ...regionSwitchPlans(parts.flatMap((part) => part.regionSwitchPlans ?? [])),
    stores: parts.flatMap((part) => part.stores ?? []),
    singlePointsOfFailure: singlePointsOfFailure(input),
    checks: runChecks(input.scope),
    cost,
    strategyComparison: compareStrategies(input, resources, cost.monthlyUsd, parts.flatMap((part) => part.strategyRecoveries ?? []), routing),
  };
}

/** The plans, under their key only when there are any: reports of topologies without a plan keep their shape. */
function regionSwitchPlans(plans: RegionSwitchPlanEntry[]): { regionSwitchPlans?: RegionSwitchPlanEntry[] } {
  return plans.length === 0 ? {} : { regionSwitchPlans: plans };
}

/**
 * Every resource of every stack in `scope` (the cells, their prerequisites, the routing stack, nested stacks) as its
 * template has it: the cost counts what is deployed. The templates are read from the cloud assembly: synthesis writes a
 * stack's template before the topology's own synthesis step runs (children first), and rendering the resources a second
 * time would cost as much again.
 */
function templateResources(scope: IConstruct, outdir: string): TemplateResource[] {
  return scope.node.findAll().filter(Stack.isStack).flatMap((stack) => {
    const file = join(outdir, stack.templateFile);
    const resources: Record<string, { Type: string; Properties?: Record<string, any> }> = existsSync(file)
      ? JSON.parse(readFileSync(file, 'utf-8')).Resources ?? {}
      : renderedResources(stack);
    return Object.entries(resources).filter(([, r]) => COSTED_RESOURCE_TYPES.has(r.Type)).map(([logicalId, r]) => ({
      stack: stack.stackName, logicalId, type: r.Type, properties: r.Properties ?? {},
    }));
  });
}

/**
 * The costed resources of `stack` rendered as its synthesis would: for a stack whose synthesizer wrote no template into
 * the assembly.
 */
function renderedResources(stack: Stack): Record<string, { Type: string; Properties?: Record<string, any> }> {
  const rendered: Record<string, { Type: string; Properties?: Record<string, any> }> = {};
  for (const c of stack.node.findAll()) {
    if (!CfnResource.isCfnResource(c) || Stack.of(c) !== stack || !COSTED_RESOURCE_TYPES.has(c.cfnResourceType)) continue;
    // aws-cdk-lib renders each resource's template fragment with _toCloudFormation (what Stack synthesis writes).
    const fragment = stack.resolve((c as unknown as { _toCloudFormation(): object })._toCloudFormation()) as
      { Resources?: Record<string, { Type: string; Properties?: Record<string, any> }> };
    Object.assign(rendered, fragment.Resources);
  }
  return rendered;
}

/**
 * Runtime resources present in some cells but not all, matched by their path inside the cell: what a region's loss
 * takes away for good, since no other cell has it.
 */
function singlePointsOfFailure(input: ReportInput): SpofEntry[] {
  const byPath = new Map<string, { type: string; regions: string[] }>();
  for (const { stack, region } of input.cells) {
    const prefix = stack.node.path + '/';
    for (const resource of stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c))) {
      if (!RUNTIME_TYPES.has(resource.cfnResourceType) || Stack.of(resource) !== stack) continue;
      const relative = resource.node.path.slice(prefix.length);
      if (DEPLOY_TIME_HELPER.test(relative)) continue;
      const entry = byPath.get(relative) ?? { type: resource.cfnResourceType, regions: [] };
      entry.regions.push(region);
      byPath.set(relative, entry);
    }
  }
  const all = input.regions.length;
  return [...byPath.entries()]
    .filter(([, entry]) => entry.regions.length < all)
    .map(([path, entry]) => ({
      path,
      type: entry.type,
      regions: entry.regions,
      reason: `exists in ${entry.regions.join(', ')} only: losing ${entry.regions.length === 1 ? 'that region' : 'those regions'} ` +
        'loses it, and no other cell has one',
    }));
}

/** The library's own rule pack over the topology (acknowledged findings left out, as cdk-nag does). */
function runChecks(scope: IConstruct): ChecksEntry {
  const pack = new ResilienceChecks();
  const findings = pack.validateScope(scope).violations.flatMap((violation) => violation.violatingResources.map((resource) => ({
    id: violation.ruleName,
    level: violation.severity === 'error' ? 'error' : 'warning',
    path: resource.constructPath ?? '<unknown>',
  })));
  return {
    pack: pack.name,
    errors: findings.filter((f) => f.level === 'error').length,
    warnings: findings.filter((f) => f.level !== 'error').length,
    findings,
  };
}
