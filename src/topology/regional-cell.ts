import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { ParameterTier, StringParameter } from 'aws-cdk-lib/aws-ssm';
import { deadLettersId, FunctionDeployments, SharedDeadLetters } from './function-shared';
import type { MultiRegionTopology } from './multi-region-topology';
import { checkResourceBudget } from './resource-budget';
import { encryptedAlarmTopic } from '../private/alarm-topic';
import { topologyParameterName } from '../private/discovery';
import { configError } from '../private/errors';
import { rotatingKey } from '../private/kms';
import { addStackDependency } from '../private/stack-dependency';

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

  private _encryptionKey?: Key;
  private _prerequisites?: Stack;
  private _alarmTopic?: Topic;
  private _functionDeploymentsOnce?: FunctionDeployments;

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
      parameterName: topologyParameterName(topology.serviceName),
      description: `Regions of ${topology.serviceName}, primary first, for runtime clients (cdk-resilient-serverless)`,
      stringValue: JSON.stringify(description),
      tier: ParameterTier.STANDARD,
    });

    // A validation runs at synth once every construct is complete, before aws-cdk-lib renders the template and fails
    // on its size with no hint of what to change. It throws rather than returning the message, so the error keeps the
    // project's one shape instead of a second path prefix.
    this.node.addValidation({
      validate: () => {
        checkResourceBudget(this, (id) => topology._replicaOwner(id));
        return [];
      },
    });
  }

  /**
   * The cell's customer-managed KMS key (with rotation), created on first use and shared by the cell's log
   * groups and alarm topic: one key per region instead of one per resource.
   */
  public get encryptionKey(): Key {
    if (!this._encryptionKey) {
      const key = rotatingKey(this, 'EncryptionKey',
        `Encrypts the logs and alarm notifications of ${this.topology.serviceName} in ${this.region}`);
      // CloudWatch Logs uses the key for this region's log groups of this account only.
      key.addToResourcePolicy(new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': this.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
        },
      }));
      this._encryptionKey = key;
    }
    return this._encryptionKey;
  }

  /**
   * The cell's alarm topic (encrypted with `encryptionKey`, TLS only), created on first use: every alarm of
   * the library's constructs in this cell notifies it. Subscribe your on-call channel to it in each region.
   */
  public get alarmTopic(): Topic {
    if (!this._alarmTopic) {
      this._alarmTopic = encryptedAlarmTopic(this, this.encryptionKey, `${this.topology.serviceName} alarms in ${this.region}`);
    }
    return this._alarmTopic;
  }

  /**
   * The CodeDeploy application and deployment roles the cell's replicated functions share, created on first use.
   * @internal
   */
  public get _functionDeployments(): FunctionDeployments {
    this._functionDeploymentsOnce ??= new FunctionDeployments(this, 'FunctionDeployments');
    return this._functionDeploymentsOnce;
  }

  /**
   * The dead-letter queue (and its alarm) the cell's replicated functions share for `retention`, created on first use.
   * @internal
   */
  public _functionDeadLetters(retention: Duration): SharedDeadLetters {
    const id = deadLettersId(retention);
    return (this.node.tryFindChild(id) as SharedDeadLetters | undefined) ?? new SharedDeadLetters(this, id, retention);
  }

  /**
   * A stack in this cell's region that deploys before the primary cell, created on first use: the home of what the
   * primary's global resources need to find already in place in this region (the KMS key of a customer-managed
   * global table replica, the vault that receives backup copies). Named `<serviceName>-<region>-prerequisites`.
   *
   * @throws on the primary cell, whose own stack deploys first anyway
   */
  public get prerequisites(): Stack {
    if (this.isPrimary) {
      throw configError(this, {
        setting: 'prerequisites',
        value: this.region,
        problem: 'the primary cell deploys first, so it has no prerequisites stack',
        allowed: 'a secondary cell',
        fix: 'put the primary region\'s resources in the primary cell itself',
      });
    }
    if (!this._prerequisites) {
      this._prerequisites = new Stack(this.topology, `${this.region}-prerequisites`, {
        env: { account: this.topology.account, region: this.region },
        stackName: `${this.topology.serviceName}-${this.region}-prerequisites`,
        description: `${this.topology.serviceName}: resources in ${this.region} that the primary cell needs first (cdk-resilient-serverless)`,
        terminationProtection: this.terminationProtection,
        crossRegionReferences: false,
      });
      addStackDependency(this.topology.primaryCell, this._prerequisites,
        `the primary's global resources use what ${this.region} holds in its prerequisites stack`);
    }
    return this._prerequisites;
  }
}
