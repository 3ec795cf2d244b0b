import { AspectPriority, Aspects, attachCustomSynthesis } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { crossStackReferenceErrors } from './cross-stack-references';
import { addDashboards } from './dashboards';
import { MultiRegionTopologyProps } from './options';
import { claimPhysicalName } from './physical-names';
import { RegionalCell } from './regional-cell';
import { replicaIdOf } from './replica-ids';
import { RoutingStack } from './routing-stack';
import { DisasterRecoveryStrategy } from './strategy';
import { StrategySettings } from './strategy-settings';
import { hasTopologyMark, markAsTopology } from './topology-mark';
import { validateTopologyProps, validateTopologyScope } from './validation';
import { parameterNamespace } from '../private/discovery';
import { configError, renderValue } from '../private/errors';
import { addStackDependency } from '../private/stack-dependency';
import { ReportContribution, ReportInput } from '../report/model';
import { writeReport } from '../report/write';

/** Context key: set to `false` to keep synth quiet (the report files are written regardless). */
const SUMMARY_CONTEXT_KEY = 'cdk-resilient-serverless:printSummary';

/**
 * A service deployed as identical, self-contained regional cells: one CloudFormation stack per region.
 *
 * Declare it once, directly in an `App` or `Stage`, with the account, the regions and the primary region.
 * It creates a `RegionalCell` (a `Stack`) for every region, makes every secondary cell depend on the
 * primary cell (the primary holds global resources such as the global table, so it deploys first), and
 * never enables cross-region references: a cell keeps serving when every other region is down.
 *
 * Constructs of this library take the topology as their scope and place one replica in every cell.
 * Your own resources go straight into a cell: `new Bucket(topology.cell('eu-west-1'), 'Uploads')`.
 */
export class MultiRegionTopology extends Construct {
  /**
   * Whether `x` is a `MultiRegionTopology`.
   */
  public static isMultiRegionTopology(x: any): x is MultiRegionTopology {
    return hasTopologyMark(x);
  }

  /**
   * The topology that `construct` belongs to: the nearest enclosing topology, or the topology of the
   * cell `construct` lives in.
   *
   * @throws if `construct` is not inside a topology
   */
  public static of(construct: IConstruct): MultiRegionTopology {
    const found = construct.node.scopes.slice().reverse().find(MultiRegionTopology.isMultiRegionTopology);
    if (!found) {
      throw configError(construct, {
        setting: 'scope',
        value: construct.node.path,
        problem: 'this construct is not inside a MultiRegionTopology',
        allowed: 'a MultiRegionTopology, one of its cells (topology.cell(region)), or a construct inside either',
        fix: 'create the construct with the topology (or topology.cell(region)) as its scope',
      });
    }
    return found;
  }

  /** The AWS account of every cell. */
  public readonly account: string;

  /** The primary region. */
  public readonly primaryRegion: string;

  /** Every region of the topology, primary first, then the others in failover preference order. */
  public readonly regions: string[];

  /** The regions other than the primary, in failover preference order. */
  public readonly secondaryRegions: string[];

  /** The AWS partition of every region (`aws`, `aws-cn`, `aws-us-gov`, ...). */
  public readonly partition: string;

  /** The service name: stack-name prefix and root of the deterministic discovery names. */
  public readonly serviceName: string;

  /**
   * The SSM parameter path under which every cell publishes what callers need to find it,
   * identically in each region: `/cdk-resilient-serverless/<serviceName>`.
   */
  public readonly parameterNamespace: string;

  /** One cell per region, in the order of `regions`. */
  public readonly cells: RegionalCell[];

  /** The cell in the primary region. */
  public readonly primaryCell: RegionalCell;

  /** The disaster-recovery strategy. */
  public readonly strategy: DisasterRecoveryStrategy;

  /**
   * What the strategy sets in each cell, settled: what the constructs' validation reads.
   * @internal
   */
  public readonly _strategy: StrategySettings;

  private _routingStack?: RoutingStack;
  private readonly reportContributors: (() => ReportContribution)[] = [];
  /** The id each member's replicas take in the cells, by id (see `_replicaId`). */
  private readonly replicaIds = new Map<string, IConstruct>();

  constructor(scope: Construct, id: string, props: MultiRegionTopologyProps) {
    super(scope, id);
    markAsTopology(this);

    validateTopologyScope(this);
    const settings = validateTopologyProps(this, id, props);
    this.account = settings.account;
    this.partition = settings.partition;
    this.primaryRegion = settings.primaryRegion;
    this.secondaryRegions = settings.secondaryRegions;
    this.regions = settings.regions;
    this.serviceName = settings.serviceName;
    this.parameterNamespace = parameterNamespace(this.serviceName);
    this.strategy = settings.strategy;
    this._strategy = settings.strategySettings;

    this.cells = this.regions.map((region) => RegionalCell._create(this, {
      region,
      isPrimary: region === this.primaryRegion,
      terminationProtection: settings.terminationProtection,
    }));
    this.primaryCell = this.cells[0];
    for (const cell of this.secondaryCells) {
      addStackDependency(cell, this.primaryCell,
        'the primary cell holds the topology\'s global resources (such as the global table), which secondary cells use by name');
    }

    // The dashboards show what the constructs contribute to the report, so they are built once every construct is
    // complete: an aspect of the mutating priority, which runs before the read-only check below proves that they, too,
    // reference no other stack.
    if (settings.dashboards) {
      let built = false;
      Aspects.of(this).add({
        visit: (node) => {
          if (node !== this || built) return;
          built = true;
          addDashboards(this, this.reportContributors.map((contribute) => contribute()));
        },
      }, { priority: AspectPriority.MUTATING });
    }

    // A cell that references another stack of the topology deploys only with it: refuse every such reference. An aspect,
    // read-only priority (after every mutating aspect), so it runs before aws-cdk-lib bridges the references in prepareApp
    // (a reference from the primary to a secondary would otherwise fail there first, as a dependency cycle).
    Aspects.of(this).add({
      visit: (node) => {
        if (node !== this) return;
        const errors = crossStackReferenceErrors(this);
        if (errors.length === 1) throw errors[0];
        if (errors.length > 1) throw new Error(errors.map((e) => e.message).join('\n'));
      },
    }, { priority: AspectPriority.READONLY });

    // The resilience report goes into the cloud assembly next to the templates: aws-cdk-lib's custom-synthesis hook is
    // the one way to add files there.
    attachCustomSynthesis(this, { onSynthesize: (session) => writeReport(this._reportInput(), session.outdir) });
  }

  /**
   * Adds what a construct says of itself to the resilience report: `contribute` is called once at synthesis, when every
   * construct is complete. Each construct of the library calls this from its constructor.
   * @internal
   */
  public _contributeToReport(contribute: () => ReportContribution): void {
    this.reportContributors.push(contribute);
  }

  /**
   * The id that `member` (a construct of the library in this topology) gives its replica in each cell: its own id when
   * it is a direct child of the topology, else its path below the topology joined with '-' (`Team/Api` → `Team-Api`),
   * so two members with one id under different parents never collide in a cell. The same member always gets the same id.
   *
   * @throws if `member` is inside a stack of the topology (a cell: it replicates itself into every cell), or if another
   *   member or a cell's own child already has that id
   * @internal
   */
  public _replicaId(member: IConstruct): string {
    return replicaIdOf(this, member, this.replicaIds);
  }

  /**
   * The member whose replicas take `id` in the cells, if any (see `_replicaId`).
   * @internal
   */
  public _replicaOwner(id: string): IConstruct | undefined {
    return this.replicaIds.get(id);
  }

  /**
   * Claims a physical name (`setting` is the prop that sets it, such as `functionName`) for `owner` in each of `regions`
   * of this topology's account: a second construct of the app, in any topology or stage, taking the same name in the
   * same account and region fails synth, naming both. Call it from a construct's constructor once its name is validated.
   *
   * @throws if another construct of the app holds the name in the account and one of the regions
   * @internal
   */
  public _claimPhysicalName(setting: string, name: string, owner: IConstruct, regions: readonly string[] = this.regions): void {
    claimPhysicalName(owner, { setting, name, account: this.account, regions });
  }

  /**
   * What the resilience report is made from.
   * @internal
   */
  public _reportInput(): ReportInput {
    const print = this.node.tryGetContext(SUMMARY_CONTEXT_KEY);
    return {
      service: this.serviceName,
      account: this.account,
      primaryRegion: this.primaryRegion,
      regions: this.regions,
      strategy: {
        name: this._strategy.name,
        standbyRegions: this._strategy.standbyRegions,
        standbyCapacity: this._strategy.standbyCapacity,
        peakConcurrency: this._strategy.peakConcurrency,
        alternatives: this._strategy.alternatives,
      },
      cells: this.cells.map((cell) => ({ region: cell.region, stackName: cell.stackName, primary: cell.isPrimary, stack: cell })),
      contributions: this.reportContributors.map((contribute) => contribute()),
      scope: this,
      printSummary: print !== false && print !== 'false',
    };
  }

  /**
   * The stack of the topology's Route 53 resources (health checks, records, their alarms), in us-east-1, created on
   * first use. Named `<serviceName>-routing`.
   *
   * @throws if the topology is not in the aws partition
   */
  public get routingStack(): RoutingStack {
    this._routingStack ??= RoutingStack._create(this);
    return this._routingStack;
  }

  /** The cells other than the primary, in failover preference order. */
  public get secondaryCells(): RegionalCell[] {
    return this.cells.slice(1);
  }

  /**
   * The cell (the stack) of `region`.
   *
   * @throws if `region` is not one of the topology's regions
   */
  public cell(region: string): RegionalCell {
    const found = this.cells.find((c) => c.region === region);
    if (!found) {
      throw configError(this, {
        setting: 'region',
        value: region,
        problem: `the topology has no cell in this region (its regions are ${renderValue(this.regions)})`,
        allowed: `one of ${renderValue(this.regions)}`,
        fix: 'use one of the topology\'s regions, or add the region to the topology\'s `regions`',
      });
    }
    return found;
  }
}
