import { AspectPriority, Aspects, Stack, Stage, Token, attachCustomSynthesis } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { crossStackReferenceErrors } from './cross-stack-references';
import { RegionalCell } from './regional-cell';
import { RoutingStack } from './routing-stack';
import { parameterNamespace } from '../private/discovery';
import { configError, renderValue } from '../private/errors';
import { validateRegionName } from '../private/regions';
import { addStackDependency } from '../private/stack-dependency';
import { ReportContribution, ReportInput } from '../report/model';
import { writeReport } from '../report/write';

const TOPOLOGY_SYMBOL = Symbol.for('cdk-resilient-serverless.MultiRegionTopology');

/** Context key: set to `false` to keep synth quiet (the report files are written regardless). */
const SUMMARY_CONTEXT_KEY = 'cdk-resilient-serverless:printSummary';

/**
 * Properties of a `MultiRegionTopology`.
 */
export interface MultiRegionTopologyProps {
  /**
   * The AWS account that every regional cell deploys to.
   *
   * Required and literal: a topology decides at synth time what runs where, so an account taken from
   * the environment at deploy time (`Aws.ACCOUNT_ID`) or a missing `CDK_DEFAULT_ACCOUNT` is an error.
   */
  readonly account: string;

  /**
   * Every region of the topology, the primary included, in failover preference order:
   * when the primary fails, traffic and callers prefer the next region in this list.
   *
   * At least two distinct regions, all in the same AWS partition.
   */
  readonly regions: string[];

  /**
   * The region that holds the topology's global resources (for example the global table) and serves
   * first when every region is healthy. Must be one of `regions`.
   */
  readonly primaryRegion: string;

  /**
   * The service name: the prefix of every cell's stack name (`<serviceName>-<region>`) and of the
   * deterministic names cells use to find each other without cross-region references.
   *
   * Letters, digits and hyphens, starting with a letter, at most 64 characters; unique in the app.
   *
   * @default - the construct id
   */
  readonly serviceName?: string;

  /**
   * Whether CloudFormation termination protection is enabled on every cell's stack.
   *
   * A cell is only useful if it exists when another region fails; an accidental `cdk destroy`
   * of one cell silently removes the failover target.
   *
   * @default true
   */
  readonly terminationProtection?: boolean;
}

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
    return x !== null && typeof x === 'object' && TOPOLOGY_SYMBOL in x;
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

  private _routingStack?: RoutingStack;
  private readonly reportContributors: (() => ReportContribution)[] = [];

  constructor(scope: Construct, id: string, props: MultiRegionTopologyProps) {
    super(scope, id);
    Object.defineProperty(this, TOPOLOGY_SYMBOL, { value: true });

    validateScope(this);
    this.account = validateAccount(this, props.account);
    const { regions, partition } = validateRegions(this, props.regions);
    this.partition = partition;
    this.primaryRegion = validatePrimaryRegion(this, props.primaryRegion, regions);
    this.secondaryRegions = regions.filter((r) => r !== this.primaryRegion);
    this.regions = [this.primaryRegion, ...this.secondaryRegions];
    this.serviceName = validateServiceName(this, props.serviceName ?? id, props.serviceName === undefined);
    this.parameterNamespace = parameterNamespace(this.serviceName);

    this.cells = this.regions.map((region) => RegionalCell._create(this, {
      region,
      isPrimary: region === this.primaryRegion,
      terminationProtection: props.terminationProtection ?? true,
    }));
    this.primaryCell = this.cells[0];
    for (const cell of this.secondaryCells) {
      addStackDependency(cell, this.primaryCell,
        'the primary cell holds the topology\'s global resources (such as the global table), which secondary cells use by name');
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

function validateScope(topology: MultiRegionTopology): void {
  const enclosingStack = topology.node.scopes.find((s) => Stack.isStack(s));
  if (enclosingStack) {
    throw configError(topology, {
      setting: 'scope',
      value: enclosingStack.node.path,
      problem: 'a topology creates one stack per region, so it cannot live inside a stack',
      allowed: 'an App or a Stage (or a plain construct inside one)',
      fix: 'create the MultiRegionTopology with your App or Stage as its scope',
    });
  }
}

function validateAccount(topology: MultiRegionTopology, account: unknown): string {
  const allowed = 'a literal 12-digit AWS account id such as \'123456789012\'';
  if (account === undefined || account === null || account === '') {
    throw configError(topology, {
      setting: 'account',
      value: account,
      problem: 'the account is missing (an unset CDK_DEFAULT_ACCOUNT gives undefined when no credentials are configured)',
      allowed,
      fix: 'pass `account` explicitly, for example from context: app.node.tryGetContext(\'account\')',
    });
  }
  if (typeof account !== 'string' || Token.isUnresolved(account)) {
    throw configError(topology, {
      setting: 'account',
      value: account,
      problem: 'the account is not a literal string (Aws.ACCOUNT_ID and other tokens resolve only at deploy time)',
      allowed,
      fix: 'pass the account id itself',
    });
  }
  if (!/^\d{12}$/.test(account)) {
    throw configError(topology, {
      setting: 'account',
      value: account,
      problem: 'an AWS account id has exactly 12 digits',
      allowed,
      fix: 'pass the 12-digit account id, keeping leading zeros (write it as a string)',
    });
  }
  return account;
}

function validateRegions(topology: MultiRegionTopology, regions: unknown): { regions: string[]; partition: string } {
  const list = Array.isArray(regions) ? regions as unknown[] : undefined;
  if (!list || list.length < 2) {
    throw configError(topology, {
      setting: 'regions',
      value: regions,
      problem: 'a topology that survives the loss of a region needs at least two regions',
      allowed: 'two or more distinct regions, the primary included',
      fix: 'list the primary region and at least one other region, for example [\'us-east-1\', \'us-west-2\']',
    });
  }
  const partitions = list.map((region) => validateRegionName(topology, 'regions', region));
  const duplicate = list.find((region, i) => list.indexOf(region) !== i);
  if (duplicate !== undefined) {
    throw configError(topology, {
      setting: 'regions',
      value: list,
      problem: `${renderValue(duplicate)} is listed more than once, and a region holds exactly one cell`,
      allowed: 'distinct region names',
      fix: `list ${renderValue(duplicate)} once`,
    });
  }
  if (new Set(partitions).size > 1) {
    throw configError(topology, {
      setting: 'regions',
      value: list,
      problem: `the regions span the partitions ${renderValue([...new Set(partitions)])}, which share no global table, ` +
        'hosted zone or IAM principal',
      allowed: 'regions of a single partition',
      fix: 'declare one topology per partition',
    });
  }
  return { regions: list as string[], partition: partitions[0] };
}

function validatePrimaryRegion(topology: MultiRegionTopology, primaryRegion: unknown, regions: string[]): string {
  validateRegionName(topology, 'primaryRegion', primaryRegion);
  if (!regions.includes(primaryRegion as string)) {
    throw configError(topology, {
      setting: 'primaryRegion',
      value: primaryRegion,
      problem: `the primary region is not among the topology's regions ${renderValue(regions)}`,
      allowed: `one of ${renderValue(regions)}`,
      fix: `add ${renderValue(primaryRegion)} to \`regions\`, or choose a primary from \`regions\``,
    });
  }
  return primaryRegion as string;
}

function validateServiceName(topology: MultiRegionTopology, serviceName: string, fromId: boolean): string {
  const setting = fromId ? 'serviceName (defaulted from the construct id)' : 'serviceName';
  if (Token.isUnresolved(serviceName) || !/^[A-Za-z][A-Za-z0-9-]{0,63}$/.test(serviceName)) {
    throw configError(topology, {
      setting,
      value: serviceName,
      problem: 'it names every cell\'s stack and its discovery parameters, so it must be a valid stack-name prefix',
      allowed: 'letters, digits and hyphens, starting with a letter, at most 64 characters',
      fix: fromId ? 'pass a `serviceName` such as \'Orders\', or rename the construct' : 'choose a name such as \'Orders\'',
    });
  }
  // Stacks and parameters collide only within one account; two stages for two accounts may share a name.
  const stage = Stage.of(topology) ?? topology.node.root;
  const clash = stage.node.findAll().find((c) => c !== topology && MultiRegionTopology.isMultiRegionTopology(c) &&
    Stage.of(c) === Stage.of(topology) && c.account === topology.account && c.serviceName === serviceName);
  if (clash) {
    throw configError(topology, {
      setting,
      value: serviceName,
      problem: `the topology at '${clash.node.path}' already uses this service name, so their stacks and parameters would collide`,
      allowed: 'a service name used by one topology only',
      fix: 'give each topology its own `serviceName`',
    });
  }
  return serviceName;
}
