import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CellEntry, ChecksEntry, ReportModel, RoutingEntry, SpofEntry, StoreEntry } from './model';
import { ChaosExperiments } from '../chaos/chaos-experiments';
import { GlobalTableStore } from '../global-table-store/global-table-store';
import { HealthCheckedFailover } from '../health-checked-failover/health-checked-failover';
import { ReplicatedFunction } from '../replicated-function/replicated-function';
import { ResilienceChecks } from '../resilience-checks/resilience-checks';
import { Saga } from '../saga/saga';
import type { MultiRegionTopology } from '../topology/multi-region-topology';

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

/** Everything the report says about `topology`, read from its constructs and its synthesized resources. */
export function collectReport(topology: MultiRegionTopology): ReportModel {
  const all = topology.node.findAll();
  const functions = all.filter((c): c is ReplicatedFunction => c instanceof ReplicatedFunction);
  const stores = all.filter((c): c is GlobalTableStore => c instanceof GlobalTableStore);
  const sagas = all.filter((c): c is Saga => c instanceof Saga);
  const failovers = all.filter((c): c is HealthCheckedFailover => c instanceof HealthCheckedFailover);
  const drills = all.filter((c): c is ChaosExperiments => c instanceof ChaosExperiments);

  const cells: CellEntry[] = topology.cells.map((cell) => ({
    region: cell.region,
    stackName: cell.stackName,
    primary: cell.isPrimary,
    functions: functions.map((fn) => {
      const replica = fn.replica(cell.region);
      return { name: fn.functionName, alias: fn.aliasName, endpoint: replica.endpoint !== undefined, probe: replica.probeAlarm !== undefined };
    }),
    stores: stores.map((store) => store.tableName),
    sagas: sagas.filter((saga) => saga.replicas.some((r) => r.region === cell.region)).map((saga) => saga.node.id),
    drills: drills.flatMap((drill) => drill.drills.filter((d) => d.region === cell.region)
      .flatMap((d) => d.experiments.map((e) => ({
        action: e.actionId,
        stopConditions: e.stopAlarms.map((alarm) => alarm.node.path),
        alsoWatch: e.alsoWatch,
      })))),
  }));

  const routing: RoutingEntry[] = failovers.map((failover) => ({
    recordName: failover.recordName,
    service: failover.service.functionName,
    routing: failover.routing.name,
    healthCheck: failover.healthCheckKind.name,
    regions: failover.regions,
    failoverTime: { ...failover.failoverTime },
    recoveryTimeObjectiveSeconds: failover.recoveryTimeObjective?.toSeconds() ?? null,
  }));

  const storeEntries: StoreEntry[] = stores.map((store) => ({
    tableName: store.tableName,
    consistency: store.consistency,
    recoveryPointObjective: store.recoveryPointObjective,
    regions: store.replicas.map((r) => r.region),
  }));

  return {
    service: topology.serviceName,
    account: topology.account,
    primaryRegion: topology.primaryRegion,
    regions: topology.regions,
    cells,
    routing,
    stores: storeEntries,
    singlePointsOfFailure: singlePointsOfFailure(topology),
    checks: runChecks(topology),
  };
}

/**
 * Runtime resources present in some cells but not all, matched by their path inside the cell: what a region's loss
 * takes away for good, since no other cell has it.
 */
function singlePointsOfFailure(topology: MultiRegionTopology): SpofEntry[] {
  const byPath = new Map<string, { type: string; regions: string[] }>();
  for (const cell of topology.cells) {
    const prefix = cell.node.path + '/';
    for (const resource of cell.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c))) {
      if (!RUNTIME_TYPES.has(resource.cfnResourceType) || Stack.of(resource) !== cell) continue;
      const relative = resource.node.path.slice(prefix.length);
      if (DEPLOY_TIME_HELPER.test(relative)) continue;
      const entry = byPath.get(relative) ?? { type: resource.cfnResourceType, regions: [] };
      entry.regions.push(cell.region);
      byPath.set(relative, entry);
    }
  }
  const all = topology.regions.length;
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
