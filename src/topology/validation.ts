import { Stack, Stage, Token } from 'aws-cdk-lib';
import { DEFAULT_DASHBOARDS, DEFAULT_PEAK_CONCURRENCY, DEFAULT_STANDBY_CAPACITY, DEFAULT_STRATEGY, DEFAULT_TERMINATION_PROTECTION } from './defaults';
import type { MultiRegionTopology } from './multi-region-topology';
import type { MultiRegionTopologyProps } from './options';
import { claimName } from './physical-names';
import { DisasterRecoveryStrategy } from './strategy';
import { StrategySettings } from './strategy-settings';
import { hasTopologyMark } from './topology-mark';
import { functionParameterName, SERVICE_NAME_MAX_LENGTH, SERVICE_NAME_PATTERN, topologyParameterName } from '../private/discovery';
import { configError, renderValue } from '../private/errors';
import { validateRegionName } from '../private/regions';
import { DerivedName, checkInstance, checkName, checkOneOf } from '../private/validate';

/** Everything a topology is built from: validated once, every default applied. */
export interface TopologySettings {
  readonly account: string;
  readonly partition: string;
  readonly primaryRegion: string;
  /** The primary first, then the others in failover preference order. */
  readonly regions: string[];
  readonly secondaryRegions: string[];
  readonly serviceName: string;
  readonly terminationProtection: boolean;
  readonly dashboards: boolean;
  readonly strategy: DisasterRecoveryStrategy;
  /** What the strategy sets in each cell. */
  readonly strategySettings: StrategySettings;
}

/** CloudFormation: a stack name starts with a letter, then letters, digits and hyphens, at most 128 characters. */
const STACK_NAME = { maxLength: 128, pattern: /^[A-Za-z][A-Za-z0-9-]*$/, characters: 'letters, digits and hyphens, starting with a letter' };
/** Lambda function and Step Functions state machine names: letters, digits, hyphens and underscores. */
const LAMBDA_NAME = { maxLength: 64, pattern: /^[A-Za-z0-9_-]+$/, characters: 'letters, digits, hyphens and underscores' };
const STATE_MACHINE_NAME = { maxLength: 80, pattern: /^[A-Za-z0-9_-]+$/, characters: 'letters, digits, hyphens and underscores' };
/** SSM: a parameter name of at most 1011 characters, of letters, digits and `_.-/`. */
const SSM_PARAMETER_NAME = { maxLength: 1011, pattern: /^[A-Za-z0-9_.\-/]+$/, characters: 'letters, digits and _.-/' };

/**
 * Refuses a place where the topology's cells (stacks) cannot work: inside another topology, inside a stack (of the
 * nearest App or Stage), or outside any App or Stage (a stack synthesizes only there).
 */
export function validateTopologyScope(topology: MultiRegionTopology): void {
  const scopes = topology.node.scopes.slice(0, -1);
  const outer = scopes.slice().reverse().find(hasTopologyMark);
  if (outer) {
    throw configError(topology, {
      setting: 'scope',
      value: outer.node.path,
      problem: 'a topology is inside another topology, whose constructs would take it for their own and whose cells ' +
        'would share its regions',
      allowed: 'an App or a Stage (or a plain construct inside one)',
      fix: 'create each MultiRegionTopology with your App or Stage as its scope, side by side',
    });
  }
  const stage = Stage.of(topology);
  if (!stage) {
    throw configError(topology, {
      setting: 'scope',
      value: topology.node.root.node.path || '<root>',
      problem: 'the topology is not inside an App or a Stage, and its cells are stacks, which synthesize only from one',
      allowed: 'an App or a Stage (or a plain construct inside one)',
      fix: 'create the MultiRegionTopology with your App or Stage as its scope',
    });
  }
  // Stacks above the nearest Stage belong to another assembly: only a stack between the stage and the topology encloses it.
  const enclosingStack = scopes.slice(scopes.indexOf(stage) + 1).find((s) => Stack.isStack(s));
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

/** The topology's settings from its props, every default applied; the service name is claimed for its account. */
export function validateTopologyProps(topology: MultiRegionTopology, id: string, props: MultiRegionTopologyProps | undefined): TopologySettings {
  const given: Partial<MultiRegionTopologyProps> = props ?? {};
  const account = validateAccount(topology, given.account);
  const { regions: listed, partition } = validateRegions(topology, given.regions);
  const primaryRegion = validatePrimaryRegion(topology, given.primaryRegion, listed);
  const secondaryRegions = listed.filter((r) => r !== primaryRegion);
  const regions = [primaryRegion, ...secondaryRegions];
  const terminationProtection = checkOneOf(topology, 'terminationProtection',
    given.terminationProtection ?? DEFAULT_TERMINATION_PROTECTION, [true, false],
    'termination protection is either on or off',
    'pass true or false (a context value is a string: compare it, e.g. app.node.tryGetContext(\'protect\') !== \'false\')');
  const serviceName = validateServiceName(topology, given.serviceName ?? id, given.serviceName === undefined, account, regions);
  const dashboards = checkOneOf(topology, 'dashboards', given.dashboards ?? DEFAULT_DASHBOARDS, [true, false],
    'the dashboards are either created or not', 'pass true or false');
  const strategy = checkInstance(topology, 'strategy', given.strategy ?? DEFAULT_STRATEGY(), DisasterRecoveryStrategy,
    'DisasterRecoveryStrategy.activeActive(), .hotStandby(), .warmStandby({...}) or .pilotLight({...})');
  const strategySettings = strategy._bind(topology, regions, {
    standbyCapacity: DEFAULT_STANDBY_CAPACITY, peakConcurrency: DEFAULT_PEAK_CONCURRENCY,
  });
  return { account, partition, primaryRegion, regions, secondaryRegions, serviceName, terminationProtection, dashboards, strategy, strategySettings };
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
  if (typeof account === 'number') {
    throw configError(topology, {
      setting: 'account',
      value: account,
      problem: 'the account is a number, which drops an account id\'s leading zeros',
      allowed,
      fix: 'write the account id as a string: \'123456789012\'',
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
  if (Token.isUnresolved(regions)) {
    throw configError(topology, {
      setting: 'regions',
      value: regions,
      problem: 'the list is an unresolved token (for example a CfnParameter list), so the topology cannot decide at synth ' +
        'time which cells exist',
      allowed: 'a list of literal region names such as [\'us-east-1\', \'us-west-2\']',
      fix: 'write the region names themselves, or read them from context before constructing the topology',
    });
  }
  if (regions !== undefined && !Array.isArray(regions)) {
    throw configError(topology, {
      setting: 'regions',
      value: regions,
      problem: 'a list of region names is required',
      allowed: 'two or more distinct regions, the primary included',
      fix: 'pass an array, for example [\'us-east-1\', \'us-west-2\'] (split a context string with .split(\',\'))',
    });
  }
  const list = regions as unknown[] | undefined;
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

/**
 * The names the library derives from the service name alone, or with the shortest id a construct can have: the service
 * name must leave room for each in the topology's longest region.
 */
function namesDerivedFromServiceName(regions: string[]): DerivedName[] {
  const region = regions.reduce((a, b) => (b.length > a.length ? b : a));
  return [
    { what: `the stack name of the prerequisites stack in ${region}`, derive: (n) => `${n}-${region}-prerequisites`, ...STACK_NAME },
    { what: 'the default name of a ReplicatedFunction with a one-character id', derive: (n) => `${n}-X`, ...LAMBDA_NAME },
    { what: `the state machine name of a Saga with a one-character id in ${region}`, derive: (n) => `${n}-X-${region}`, ...STATE_MACHINE_NAME },
    { what: 'the endpoint parameter of a ReplicatedFunction with a one-character id', derive: (n) => functionParameterName(n, 'X', 'endpoint-url'), ...SSM_PARAMETER_NAME },
    { what: 'the topology parameter', derive: (n) => topologyParameterName(n), ...SSM_PARAMETER_NAME },
  ];
}

function validateServiceName(topology: MultiRegionTopology, serviceName: unknown, fromId: boolean, account: string,
  regions: string[]): string {
  const setting = fromId ? 'serviceName (defaulted from the construct id)' : 'serviceName';
  const fix = fromId ? 'pass a `serviceName` such as \'Orders\', or rename the construct' : undefined;
  if (Token.isUnresolved(serviceName)) {
    throw configError(topology, {
      setting,
      value: serviceName,
      problem: 'the service name is an unresolved token, and it names every cell\'s stack, which must be known at synth time',
      allowed: 'a literal name: letters, digits and hyphens, starting with a letter',
      fix: fix ?? 'write the service name itself, such as \'Orders\'',
    });
  }
  // The rule the runtime client applies too (private/discovery.ts); the stack names built from it are checked below.
  const name = checkName(topology, setting, serviceName, {
    maxLength: SERVICE_NAME_MAX_LENGTH,
    pattern: SERVICE_NAME_PATTERN,
    characters: STACK_NAME.characters,
    derived: namesDerivedFromServiceName(regions),
    fix,
  });
  // Stacks and parameters collide within one account, whichever stage writes them; two accounts may share a name.
  const holder = claimName(['serviceName', account, name], topology);
  if (holder) {
    const sameStage = Stage.of(holder) === Stage.of(topology);
    throw configError(topology, {
      setting,
      value: name,
      problem: `the topology at '${holder.node.path}' already uses this service name in account ${account}, so their ` +
        `stacks and parameters would collide${sameStage ? '' : ' (another stage of the app: the second deploy would overwrite the first)'}`,
      allowed: 'a service name used by one topology per account',
      fix: 'give each topology its own `serviceName` (for a stage per environment, include the stage: `Shop-beta`)',
    });
  }
  return name;
}

