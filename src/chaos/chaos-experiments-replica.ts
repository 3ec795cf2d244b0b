import { IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ChaosExperiment } from './chaos-experiment';
import { guardrails, MAX_STOP_CONDITIONS } from './guardrails';
import { DrillTargetKind } from './known-actions';
import { wireLambdaExtension } from './lambda-extension';
import { LambdaTarget, lambdaTarget } from './lambda-target';
import { ValidatedChaosSettings } from './validation';
import { configError } from '../private/errors';
import { encryptedLogGroup } from '../private/log-group';
import { DrillTargetPart, IDrillTarget } from '../topology/drill-target';
import { RegionalCell } from '../topology/regional-cell';

/**
 * The part of a `ChaosExperiments` drill in one regional cell: the experiment templates that fail this region, their
 * log group and, with the Lambda extension, the configuration bucket.
 */
export class RegionalDrill extends Construct {
  /** @internal */
  public static _create(cell: RegionalCell, id: string, settings: ValidatedChaosSettings): RegionalDrill {
    return new RegionalDrill(cell, id, settings);
  }

  /** The region of this part of the drill. */
  public readonly region: string;
  /** The cell (stack) it lives in. */
  public readonly cell: RegionalCell;
  /** Where FIS writes the experiments' logs (schema version 2), encrypted with the cell's key. */
  public readonly logGroup: LogGroup;
  /** The bucket through which FIS hands faults to the Lambda extension, when `lambdaExtension` is set. */
  public readonly configurationBucket?: Bucket;
  /** One experiment per fault, in the order of `faults`. */
  public readonly experiments: ChaosExperiment[];

  private constructor(cell: RegionalCell, id: string, settings: ValidatedChaosSettings) {
    super(cell, id);
    this.cell = cell;
    this.region = cell.region;
    const functions = partsIn(settings.functions, this.region);
    const stores = partsIn(settings.stores, this.region);
    // With a failover, the Lambda faults also fail the cell's health handler: Route 53 then sees the region fail.
    const lambdaTargets: LambdaTarget[] = [
      ...settings.functions.map((fn) => lambdaTarget(fn, this.region, 'functions')),
      settings.failover ? lambdaTarget(settings.failover, this.region, 'failover') : undefined,
    ].filter((t): t is LambdaTarget => t !== undefined);
    const strongConsistency = stores.some((store) => store.table?.strongConsistency);

    this.logGroup = encryptedLogGroup(this, 'ExperimentLogs', cell.encryptionKey, {
      // CloudWatch Logs keeps one resource policy for vended-log delivery to /aws/vendedlogs/* groups.
      logGroupName: `/aws/vendedlogs/fis/${settings.name}`,
      retention: settings.logRetention,
    });

    if (settings.lambdaExtension) {
      this.configurationBucket = wireLambdaExtension(this, cell, lambdaTargets, settings.lambdaExtension);
    }

    this.experiments = settings.faults.map((fault) => {
      const own = settings.stopAlarms.get(this.region) ?? [];
      const candidates = guardrails({
        action: fault.action,
        parameters: fault.parameters,
        functions,
        stores,
        strongConsistency,
      });
      const room = MAX_STOP_CONDITIONS - own.length;
      const stopAlarms: IAlarm[] = [...own, ...candidates.slice(0, room).map((g) => g.alarm)];
      if (stopAlarms.length === 0) {
        throw configError(this, {
          setting: 'stopAlarms',
          value: [],
          problem: `the ${fault.action.actionId} experiment would have no stop condition`,
          allowed: 'at least one alarm in the region that fires when the blast radius grows',
          fix: `pass an alarm of ${this.region} in \`stopAlarms\``,
        });
      }
      const leftOut = candidates.slice(Math.max(room, 0));
      return ChaosExperiment._create(this, {
        cell,
        drillName: settings.name,
        fault,
        functions: fault.action.targetKind === DrillTargetKind.FUNCTIONS ? lambdaTargets : [],
        stores: fault.action.targetKind === DrillTargetKind.TABLES ? stores : [],
        strongConsistency,
        stopAlarms,
        alsoWatch: leftOut.map((g) => `${g.alarm.node.path} (${g.reason})`),
        logGroup: this.logGroup,
        configurationBucket: this.configurationBucket,
      });
    });
  }

  /**
   * The experiment of `actionId` in this region.
   *
   * @throws if the drill has no fault with this action
   */
  public experiment(actionId: string): ChaosExperiment {
    const found = this.experiments.find((e) => e.actionId === actionId);
    if (!found) {
      throw configError(this, {
        setting: 'actionId',
        value: actionId,
        problem: 'the drill has no fault with this action',
        allowed: `one of ${this.experiments.map((e) => `'${e.actionId}'`).join(', ')}`,
        fix: 'ask for one of the drill\'s faults',
      });
    }
    return found;
  }
}

/** What each target offers a drill in `region`. */
export function partsIn(targets: IDrillTarget[], region: string): DrillTargetPart[] {
  return targets.map((t) => t._drillTargetIn(region)).filter((p): p is DrillTargetPart => p !== undefined);
}
