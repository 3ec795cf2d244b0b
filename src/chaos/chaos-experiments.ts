import { Construct } from 'constructs';
import { ChaosExperiment } from './chaos-experiment';
import { RegionalDrill } from './chaos-experiments-replica';
import { ChaosExperimentsProps } from './options';
import { validateChaosProps } from './validation';
import { partInRegion } from '../topology/membership';
import { MultiRegionTopology } from '../topology/multi-region-topology';

/**
 * Region-failure drills for a topology: AWS FIS experiment templates in every cell that fail that region's replicas
 * (Lambda invocation errors, added latency, HTTP error responses) or cut its global-table replica off (paused
 * replication), so you can prove that the other regions take over.
 *
 * Each experiment has its own least-privilege role, scoped to its cell's targets; logs to an encrypted log group in
 * the cell; and stops on the cell's alarms that the fault must not trip (throttling, the table's errors, ...), never
 * on the alarm it trips on purpose. Faults come from an allow-list with range-checked parameters (`DrillFault`).
 * With a `failover`, the Lambda faults also fail each drilled cell's deep health handler, so that Route 53 moves the
 * name to the next region. Nothing runs until you start an experiment (`aws fis start-experiment`).
 */
export class ChaosExperiments extends Construct {
  /** The topology the drill belongs to. */
  public readonly topology: MultiRegionTopology;

  /** The drilled regions. */
  public readonly regions: string[];

  /** The drill's part in each drilled region, in the order of `regions`. */
  public readonly drills: RegionalDrill[];

  constructor(scope: Construct, id: string, props: ChaosExperimentsProps = {}) {
    super(scope, id);
    this.topology = MultiRegionTopology.of(this);
    // The drill's name derives from its replica id, not its id: drills of one id under different parents get distinct
    // names (and FIS log groups); a direct child keeps its id, so its names are unchanged.
    const replicaId = this.topology._replicaId(this);
    const settings = validateChaosProps(this, id, replicaId, this.topology, props);
    this.regions = settings.regions;
    this.topology._claimPhysicalName('drill name', settings.name, this, settings.regions);
    this.drills = settings.regions.map((region) => RegionalDrill._create(this.topology.cell(region), replicaId, settings));
    this.topology._contributeToReport(() => ({
      cells: this.drills.map((drill) => ({
        region: drill.region,
        drills: drill.experiments.map((e) => ({
          action: e.actionId,
          stopConditions: e.stopAlarms.map((alarm) => alarm.node.path),
          alsoWatch: e.alsoWatch,
        })),
      })),
    }));
  }

  /**
   * The drill's part in `regionName`.
   *
   * @throws if `regionName` is not a drilled region
   */
  public drill(regionName: string): RegionalDrill {
    return partInRegion(this, this.topology, this.drills, regionName, {
      problem: 'the drill does not cover this region',
      fix: 'add the region to `regions`, or leave `regions` unset to drill every cell',
    });
  }

  /**
   * The experiment of `actionId` (e.g. `aws:lambda:invocation-error`) in `regionName`.
   */
  public experiment(regionName: string, actionId: string): ChaosExperiment {
    return this.drill(regionName).experiment(actionId);
  }
}
