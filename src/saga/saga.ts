import { Construct } from 'constructs';
import { SagaProps } from './options';
import { SagaReplica } from './saga-replica';
import { validateSagaProps } from './validation';
import { partInRegion } from '../topology/membership';
import { MultiRegionTopology } from '../topology/multi-region-topology';
import { RegionalCell } from '../topology/regional-cell';

/**
 * A Standard Step Functions workflow that runs steps in order and, when one fails, runs the compensations of the
 * failed step and of every completed step in reverse order. A compensation that keeps failing is parked (a message
 * with its full context in an encrypted dead-letter queue, and an alarm) and the saga ends FAILED saying so.
 *
 * Create it in a cell (`topology.cell(region)`) for one state machine, or in the topology for one per cell, each
 * calling its local replicas (`SagaTask.replicatedFunction`).
 */
export class Saga extends Construct {
  /** One replica per cell it lives in: one for a saga in a cell, one per region for a replicated saga. */
  public readonly replicas: SagaReplica[];

  /** The step names, in order. */
  public readonly stepNames: string[];

  constructor(scope: Construct, id: string, props: SagaProps) {
    super(scope, id);
    const topology = MultiRegionTopology.of(this);
    const cell = this.node.scopes.find((s): s is RegionalCell => s instanceof RegionalCell);
    const cells = cell ? [cell] : topology.cells;
    // The replica id (or, in a cell, the path below it) rather than the id: sagas of one id under different parents
    // get distinct replicas and state machine names; a direct child keeps its id, so its names are unchanged.
    const nameId = cell ? this.node.scopes.slice(this.node.scopes.indexOf(cell) + 1).map((s) => s.node.id).join('-') : topology._replicaId(this);
    const settings = validateSagaProps(this, props, {
      serviceName: topology.serviceName, id, nameId, regions: cells.map((c) => c.region), replicated: !cell,
    });
    this.stepNames = settings.steps.map((s) => s.name);
    settings.stateMachineNames.forEach((name, region) => topology._claimPhysicalName('state machine name', name, this, [region]));
    this.replicas = cells.map((c) => SagaReplica._create(cell ? this : c, cell ? 'Resource' : nameId, c,
      { ...settings, stateMachineName: settings.stateMachineNames.get(c.region)! }));
    topology._contributeToReport(() => ({ cells: this.replicas.map((r) => ({ region: r.region, sagas: [this.node.id] })) }));
  }

  /**
   * The replica in `regionName`.
   *
   * @throws if the saga has no replica there
   */
  public replica(regionName: string): SagaReplica {
    return partInRegion(this, MultiRegionTopology.of(this), this.replicas, regionName, {
      problem: 'the saga has no replica in this region',
      fix: 'use a region the saga lives in, or create the saga in the topology to replicate it in every cell',
    });
  }
}
