import type { IConstruct } from 'constructs';
import type { FailoverRecordSpec } from './binding';
import type { FailoverRouting } from './options';
import { configError } from '../private/errors';
import { checkOneOf } from '../private/validate';

/**
 * Moving a deployed name from one routing to another (failover ↔ latency ↔ weighted), in two deployments.
 *
 * Why not in one: Route 53 refuses records of different routing policies for one name and type ("You can't create
 * latency, failover, or geolocation resource record sets that have the same values for the Name and Type elements as
 * weighted resource record sets"; "You cannot create non-latency resource record sets that have the same values for
 * the Name and Type elements as latency resource record sets":
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html), and CloudFormation creates the
 * new resources of an update before it deletes the old ones, which it removes only in the cleanup after every
 * create and update succeeded (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-monitor-stack.html).
 * Each routing's records have logical ids of their own (`Primary<n>`/`Secondary<n>`, `<region>Latency`,
 * `<region>Weighted`) and share the name, so a deployment that swaps them fails at the first new record and rolls
 * back, leaving the deployed records as they were: refused, not broken, but only at deploy time. Giving every routing
 * the same logical ids would not help: each record would update on its own, and the first one to change policy would
 * meet the others' old policy. Only one ChangeResourceRecordSets batch (DELETE the old, CREATE the new: Route 53
 * applies a batch all or nothing) could swap them at once; AWS::Route53::RecordSetGroup does not document sending an
 * update as one such batch, so the library does not rely on it.
 *
 * So: step 1 deploys `routing` (the new one) with `replacedRouting` naming the deployed one; the routing stack then
 * holds no record of the name, and the deployment deletes the old records (the health checks and alarms stay).
 * Step 2 removes `replacedRouting`; the deployment creates the new records.
 */

/** The routings a name can be moved between (`FailoverRouting.name`). */
export const ROUTING_NAMES = ['active-passive', 'latency', 'weighted'];

/**
 * The deployed routing named by `replacedRouting`, checked against the new `routing`; undefined when no migration
 * is under way.
 */
export function validateReplacedRouting(scope: IConstruct, replaced: string | undefined, routing: FailoverRouting): string | undefined {
  if (replaced === undefined) return undefined;
  checkOneOf(scope, 'replacedRouting', replaced, ROUTING_NAMES,
    'it names the routing (FailoverRouting.name) of the records deployed now, which step 1 of a routing change deletes',
    'name the deployed routing, or remove replacedRouting');
  if (replaced === routing.name) {
    throw configError(scope, {
      setting: 'replacedRouting',
      value: replaced,
      problem: `it is the routing being deployed (${routing.name}): records of one routing update in place (weights, TTL, ` +
        'health checks), so there is nothing to migrate, and this would only delete the name\'s records',
      allowed: `a routing other than ${routing.name}: ${ROUTING_NAMES.filter((n) => n !== routing.name).join(' or ')}`,
      fix: 'remove replacedRouting',
    });
  }
  return replaced;
}

/** The records to deploy: none while the deployed routing's records are being deleted (step 1), else `records`. */
export function recordsToDeploy(records: FailoverRecordSpec[], replacedRouting: string | undefined): FailoverRecordSpec[] {
  return replacedRouting === undefined ? records : [];
}

/**
 * A RegionSwitchPlan of a failover in step 1: the plan's Route 53 step switches the name's record sets, which this
 * deployment deletes, so the plan would switch nothing.
 */
export function regionSwitchDuringRoutingChange(scope: IConstruct, replacedRouting: string): Error {
  return configError(scope, {
    setting: 'replacedRouting',
    value: replacedRouting,
    problem: 'a RegionSwitchPlan switches this name\'s record sets, and step 1 of a routing change deletes them: the plan would switch nothing',
    allowed: 'replacedRouting on a failover that no RegionSwitchPlan switches',
    fix: 'finish the routing change (step 2: remove replacedRouting) before adding the plan, or leave the plan out of the step 1 deployment',
  });
}
