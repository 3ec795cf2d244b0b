import { Stack } from 'aws-cdk-lib';
import { ParameterTier, StringParameter } from 'aws-cdk-lib/aws-ssm';
import { MultiRegionTopology } from './multi-region-topology';

/**
 * What the topology publishes in every cell's `<parameterNamespace>/topology` parameter, so runtime
 * clients in any region learn the region order from their own region.
 */
export interface TopologyDescription {
  /** The topology's service name. */
  readonly serviceName: string;
  /** The primary region. */
  readonly primaryRegion: string;
  /** Every region, primary first, then in failover preference order. */
  readonly regions: string[];
}

/** @internal */
export interface RegionalCellOptions {
  readonly region: string;
  readonly isPrimary: boolean;
  readonly terminationProtection: boolean;
}

/**
 * One region of a `MultiRegionTopology`: a self-contained CloudFormation stack in that region.
 *
 * Created by the topology, one per region; get one with `topology.cell(region)` and put regional
 * resources straight into it. A cell never references another cell's resources: it finds them by
 * their deterministic names, so it deploys and serves on its own when other regions are down.
 */
export class RegionalCell extends Stack {
  /**
   * Creates the cell of `options.region` in `topology`.
   * @internal
   */
  public static _create(topology: MultiRegionTopology, options: RegionalCellOptions): RegionalCell {
    return new RegionalCell(topology, options);
  }

  /** The topology this cell belongs to. */
  public readonly topology: MultiRegionTopology;

  /** Whether this is the primary region's cell. */
  public readonly isPrimary: boolean;

  /** The SSM parameter (in this cell's region) that describes the whole topology. */
  public readonly topologyParameter: StringParameter;

  private constructor(topology: MultiRegionTopology, options: RegionalCellOptions) {
    // The construct id is the region: it is part of every logical path below, so it must never change.
    super(topology, options.region, {
      env: { account: topology.account, region: options.region },
      stackName: `${topology.serviceName}-${options.region}`,
      description: `${topology.serviceName}: ${options.isPrimary ? 'primary' : 'secondary'} cell in ${options.region} ` +
        `of a ${topology.regions.length}-region topology (cdk-resilient-serverless)`,
      terminationProtection: options.terminationProtection,
      // Never: an export/import between regions ties a cell's deployment to another region being up.
      crossRegionReferences: false,
    });
    this.topology = topology;
    this.isPrimary = options.isPrimary;

    const description: TopologyDescription = {
      serviceName: topology.serviceName,
      primaryRegion: topology.primaryRegion,
      regions: topology.regions,
    };
    this.topologyParameter = new StringParameter(this, 'TopologyParameter', {
      parameterName: `${topology.parameterNamespace}/topology`,
      description: `Regions of ${topology.serviceName}, primary first, for runtime clients (cdk-resilient-serverless)`,
      stringValue: JSON.stringify(description),
      tier: ParameterTier.STANDARD,
    });
  }
}
