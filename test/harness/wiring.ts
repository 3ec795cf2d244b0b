import { join } from 'node:path';
import { App, CfnElement, CfnResource, Stack, Stage, Tokenization } from 'aws-cdk-lib';
import { IRole } from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { synthesize } from './app';
import { SimulationRequest, simulate, startSimulator } from './simulator';
import { TemplateResolver } from './template-resolver';
import * as library from '../../src';
import { RuntimeInteraction, declaredInteractions, serviceManagedReason } from '../../src/private/interactions';

/**
 * The runtime-wiring proof: every interaction the app's constructs declare (src/private/interactions.ts) is evaluated by
 * an IAM policy engine against the policies of the SYNTHESIZED templates (the principal's identity policies, the
 * resource's policy: topic, queue, bucket, Lambda permissions, KMS key policy). Each must be Allowed; and the same call
 * by another region's corresponding role, by an anonymous caller and by another account (a role there with every
 * permission, or the same service acting for that account) must not be. Every role, topic, key and queue a library
 * construct owns must appear in some declaration, so a new construct cannot forget to declare.
 */

/** The account of the "another account" negative cases. */
export const OTHER_ACCOUNT = '210987654321';

export interface WiringReport {
  /** Declared interactions proved (one per action). */
  readonly proved: number;
  /** Negative cases proved denied. */
  readonly denied: number;
  readonly problems: string[];
}

export interface WiringOptions {
  /** Changes the synthesized templates (deep copies, keyed by stack name) before the proof: for the harness's own tests. */
  readonly editTemplates?: (templates: Record<string, any>) => void;
}

/** Runs the proof; throws a readable list of what failed. */
export function expectRuntimeWiring(app: App): WiringReport {
  const report = proveRuntimeWiring(app);
  if (report.problems.length > 0) {
    throw new Error(`${report.problems.length} runtime wiring problem(s):\n  ${report.problems.join('\n  ')}`);
  }
  return report;
}

export function proveRuntimeWiring(app: App, options: WiringOptions = {}): WiringReport {
  startSimulator();
  const { cases, problems } = wiringCases(app, options);
  const outcomes = simulate(cases.map((c) => c.request));
  let proved = 0;
  let denied = 0;
  cases.forEach((c, i) => {
    const outcome = outcomes[i];
    if (outcome.startsWith('error')) problems.push(`${c.describe}: the policy engine refused the request: ${outcome}`);
    else if (c.expectAllowed && outcome !== 'Allowed') problems.push(`${c.describe}: ${outcome}, but the construct relies on it`);
    else if (!c.expectAllowed && outcome === 'Allowed') problems.push(`${c.describe}: Allowed, but must be denied`);
    else if (c.expectAllowed) proved++;
    else denied++;
  });
  return { proved, denied, problems };
}

interface WiringCase {
  readonly request: SimulationRequest;
  readonly expectAllowed: boolean;
  readonly describe: string;
}

/** Every request the proof evaluates for `app`: for the harness's tests of the policy engine. */
export function runtimeWiringRequests(app: App): SimulationRequest[] {
  return wiringCases(app, {}).cases.map((c) => c.request);
}

/** The declared interactions of `app` as requests, each with its negative cases; and what could not be resolved. */
function wiringCases(app: App, options: WiringOptions): { cases: WiringCase[]; problems: string[] } {
  const model = new AppModel(app, options);
  const problems: string[] = [];
  const cases: WiringCase[] = [];
  const named = new Set<string>();

  for (const owner of app.node.findAll()) {
    for (const interaction of declaredInteractions(owner)) {
      let resolved: ResolvedInteraction;
      try {
        resolved = model.resolveInteraction(owner, interaction);
      } catch (e) {
        problems.push(`${owner.node.path}: cannot resolve the interaction '${interaction.purpose}': ${(e as Error).message}`);
        continue;
      }
      if (resolved.principalPath) named.add(resolved.principalPath);
      if (resolved.resourcePath) named.add(resolved.resourcePath);
      for (const action of interaction.actions) {
        const what = `${owner.node.path}: ${resolved.principalLabel} ${action} on ${resolved.resource} (${interaction.purpose})`;
        cases.push({ request: model.request(resolved, action), expectAllowed: true, describe: what });
        for (const negative of model.negatives(resolved, action)) {
          cases.push({ request: negative.request, expectAllowed: false, describe: `${what}, by ${negative.who}` });
        }
      }
    }
  }
  problems.push(...model.undeclared(named));
  return { cases, problems };
}

interface ResolvedInteraction {
  /** A role ARN or a service principal. */
  readonly principal: string;
  readonly principalLabel: string;
  /** The role's construct path, when the principal is a role of the app. */
  readonly principalPath?: string;
  readonly role?: IRole;
  readonly resource: string;
  readonly resourcePath?: string;
  readonly context: Record<string, string>;
  /**
   * The account of the declaring construct's stack: the resource's account when neither its ARN (a Route 53 hosted
   * zone's has no account) nor a template of the app says otherwise.
   */
  readonly ownerAccount: string;
}

interface StackEntry {
  readonly stack: Stack;
  readonly resolver: TemplateResolver;
}

/** Library classes whose roles, topics, keys and queues must be declared; stacks are checked for their own children only. */
const LIBRARY_CLASSES: Function[] = Object.values(library).filter((v) => typeof v === 'function');
const STACK_OWNED_IDS = ['EncryptionKey', 'AlarmTopic'];
const DECLARED_TYPES = ['AWS::IAM::Role', 'AWS::SNS::Topic', 'AWS::KMS::Key', 'AWS::SQS::Queue'];

class AppModel {
  private readonly stacks = new Map<Stack, StackEntry>();
  /** Every ARN (and queue URL) of a resource of the app: its stack and logical id. */
  private readonly arns = new Map<string, { entry: StackEntry; logicalId: string; path: string }>();
  private readonly policiesOfRole = new Map<string, any[]>();
  /** Each token string (by the stack it falls back to) and each resource's policy, resolved once: a role is the principal of many requests. */
  private readonly resolvedTokens = new Map<string, string>();
  private readonly resourcePolicies = new Map<string, any | undefined>();

  constructor(private readonly app: App, options: WiringOptions) {
    const assembly = synthesize(app);
    const templates: Record<string, any> = {};
    const byPath = new Map<string, any>();
    for (const artifact of assembly.stacksRecursively) {
      templates[artifact.stackName] = JSON.parse(JSON.stringify(artifact.template));
      byPath.set(artifact.templateFullPath, templates[artifact.stackName]);
    }
    options.editTemplates?.(templates);
    for (const stack of app.node.findAll().filter(Stack.isStack)) {
      // Two stages may hold stacks of the same name: the template file inside the stack's own assembly.
      const template = byPath.get(join(Stage.of(stack)!.outdir, stack.templateFile));
      if (!template) continue;
      const entry = { stack, resolver: new TemplateResolver(stack.stackName, stack.account, stack.region, template, (name) => this.exported(name)) };
      this.stacks.set(stack, entry);
    }
    for (const construct of app.node.findAll()) {
      if (!CfnResource.isCfnResource(construct) || !this.stacks.has(Stack.of(construct))) continue;
      const entry = this.stacks.get(Stack.of(construct))!;
      const logicalId = Stack.of(construct).resolve(construct.logicalId);
      if (!entry.resolver.template.Resources?.[logicalId]) continue;
      for (const arn of this.arnsOf(entry, logicalId)) this.arns.set(arn, { entry, logicalId, path: construct.node.path });
    }
  }

  public resolveInteraction(owner: IConstruct, interaction: RuntimeInteraction): ResolvedInteraction {
    const ownerStack = this.entry(Stack.of(owner));
    const context = Object.fromEntries(Object.entries(interaction.context ?? {}).map(([k, v]) => [k, this.resolveToken(v, ownerStack)]));
    const resource = this.keyBehindAlias(this.resolveToken(interaction.resource, ownerStack), context);
    const resourcePath = this.findResource(resource)?.path;
    if (typeof interaction.principal === 'string') {
      const ownerAccount = ownerStack.stack.account;
      return { principal: interaction.principal, principalLabel: interaction.principal, resource, resourcePath, context, ownerAccount };
    }
    const role = interaction.principal;
    const cfnRole = role.node.defaultChild as CfnResource;
    const principal = this.resolveToken(role.roleArn, this.entry(Stack.of(cfnRole)));
    return {
      principal,
      principalLabel: `role ${role.node.path}`,
      principalPath: cfnRole.node.path,
      role,
      resource,
      resourcePath,
      context,
      ownerAccount: ownerStack.stack.account,
    };
  }

  /** The request for `interaction`'s `action`, with the principal's identity policies and the resource's policy. */
  public request(interaction: ResolvedInteraction, action: string, principal = interaction.principal,
    identityPolicies = interaction.role ? this.identityPolicies(interaction.principal) : [], context = interaction.context): SimulationRequest {
    const isService = !principal.startsWith('arn:');
    const principalContext: Record<string, string> = principal === ANONYMOUS ? {} : isService
      ? { 'aws:PrincipalIsAWSService': 'true', 'aws:PrincipalServiceName': principal }
      : { 'aws:PrincipalIsAWSService': 'false', 'aws:PrincipalArn': principal, 'aws:PrincipalAccount': principal.split(':')[4] };
    const fullContext = { 'aws:SecureTransport': 'true', ...principalContext, ...context };
    const encryptionContext = Object.fromEntries(Object.entries(fullContext).filter(([k]) => isEncryptionContextKey(k)));
    const engineContext = Object.fromEntries(Object.entries(fullContext).filter(([k]) => !isEncryptionContextKey(k)));
    const resourcePolicy = this.resourcePolicy(interaction.resource);
    return {
      principal: principal === ANONYMOUS ? { type: 'Anonymous' } : principal,
      action,
      resource: interaction.resource,
      resourceAccount: interaction.resource.split(':')[4] || this.accountOfResource(interaction.resource, interaction.ownerAccount),
      context: engineContext,
      identityPolicies: identityPolicies.map((p) => applyEncryptionContext(p, encryptionContext)),
      resourcePolicy: resourcePolicy && applyEncryptionContext(resourcePolicy, encryptionContext),
    };
  }

  /** The calls that must be denied: another region's corresponding role, an anonymous caller, another account. */
  public negatives(interaction: ResolvedInteraction, action: string): { who: string; request: SimulationRequest }[] {
    const result: { who: string; request: SimulationRequest }[] = [];
    if (interaction.role) {
      for (const other of this.correspondingRoles(interaction.role)) {
        const arn = this.resolveToken(other.roleArn, this.entry(Stack.of(other)));
        result.push({ who: `the corresponding role in ${Stack.of(other).region}`, request: this.request(interaction, action, arn, this.identityPolicies(arn)) });
      }
      const foreign = interaction.principal.replace(/:\d{12}:/, `:${OTHER_ACCOUNT}:`);
      result.push({ who: 'a role of another account with every permission', request: this.request(interaction, action, foreign, [ADMIN_POLICY]) });
    } else {
      const account = interaction.resource.split(':')[4] || this.accountOfResource(interaction.resource, interaction.ownerAccount);
      const foreignContext = Object.fromEntries(Object.entries(interaction.context).map(([k, v]) => [k, v.split(account).join(OTHER_ACCOUNT)]));
      result.push({ who: `${interaction.principal} acting for another account`, request: this.request(interaction, action, interaction.principal, [], foreignContext) });
    }
    result.push({ who: 'an anonymous caller', request: this.request(interaction, action, ANONYMOUS, [], interaction.context) });
    return result;
  }

  /** Every role, topic, key and queue of a library construct that no declaration names. */
  public undeclared(named: Set<string>): string[] {
    const problems: string[] = [];
    for (const construct of this.app.node.findAll()) {
      if (!CfnResource.isCfnResource(construct) || !DECLARED_TYPES.includes(construct.cfnResourceType)) continue;
      if (named.has(construct.node.path)) continue;
      // A resource the service fills itself, outside IAM, with a reason a reviewer can read (declareServiceManaged).
      if (construct.node.scopes.some((s) => (serviceManagedReason(s)?.length ?? 0) >= 20)) continue;
      const scopes = construct.node.scopes;
      const ownerIndex = scopes.map((s, i) => [s, i] as const).reverse()
        .find(([s], i) => i > 0 && LIBRARY_CLASSES.some((c) => s instanceof c))?.[1];
      if (ownerIndex === undefined) continue;
      const owner = scopes[ownerIndex];
      if (library.MultiRegionTopology.isMultiRegionTopology(owner)) continue;
      if (Stack.isStack(owner) && !STACK_OWNED_IDS.includes(scopes[ownerIndex + 1].node.id)) continue;
      problems.push(`${construct.node.path} (${construct.cfnResourceType}) of ${owner.node.path}: no declared interaction names it; ` +
        'declare what uses it at run time (declareInteractions in src/private/interactions.ts)');
    }
    return problems;
  }

  /** The value of the output another stack exports under `name`. */
  private exported(name: string): string {
    for (const { resolver } of this.stacks.values()) {
      const output = Object.values<any>(resolver.template.Outputs ?? {}).find((o) => o.Export?.Name === name);
      if (output) return resolver.resolveString(output.Value);
    }
    throw new Error(`no stack of the app exports ${name}`);
  }

  private entry(stack: Stack): StackEntry {
    const entry = this.stacks.get(stack);
    if (!entry) throw new Error(`no synthesized template for stack ${stack.node.path}`);
    return entry;
  }

  /** A token of the app resolved in the stack its references point to (else `fallback`'s). */
  private resolveToken(value: string, fallback: StackEntry): string {
    const key = `${fallback.stack.node.path}\n${value}`;
    let resolved = this.resolvedTokens.get(key);
    if (resolved === undefined) {
      resolved = this.resolveTokenOnce(value, fallback);
      this.resolvedTokens.set(key, resolved);
    }
    return resolved;
  }

  private resolveTokenOnce(value: string, fallback: StackEntry): string {
    const stacks = new Set<Stack>();
    for (const token of Tokenization.reverseString(value).tokens) {
      const target = (token as any).target;
      if (target && CfnElement.isCfnElement(target)) stacks.add(Stack.of(target));
    }
    if (stacks.size > 1) throw new Error(`'${value}' refers to more than one stack`);
    const entry = stacks.size === 1 ? this.entry([...stacks][0]) : fallback;
    return entry.resolver.resolveString(entry.stack.resolve(value));
  }

  private findResource(arn: string) {
    const exact = this.arns.get(arn);
    if (exact) return exact;
    // Objects of a bucket of the app.
    const bucket = /^(arn:[^:]+:s3:::[^/]+)\//.exec(arn);
    return bucket ? this.arns.get(bucket[1]) : undefined;
  }

  private accountOfResource(arn: string, ownerAccount: string): string {
    const found = this.findResource(arn);
    if (found) return found.entry.stack.account;
    // An ARN without an account (a Route 53 hosted zone) of a resource no template creates: the declaring stack's.
    if (/^arn:[^:]+:[^:]+:[^:]*::/.test(arn)) return ownerAccount;
    throw new Error(`the account of ${arn} is unknown`);
  }

  private arnsOf(entry: StackEntry, logicalId: string): string[] {
    const r = entry.resolver;
    switch (r.resource(logicalId).Type) {
      case 'AWS::SNS::Topic': return [r.ref(logicalId)];
      case 'AWS::SQS::Queue': return [r.attribute(logicalId, 'Arn'), r.ref(logicalId)];
      case 'AWS::KMS::Key': return [r.attribute(logicalId, 'Arn')];
      case 'AWS::IAM::Role': return [r.attribute(logicalId, 'Arn')];
      case 'AWS::Lambda::Function': return [r.attribute(logicalId, 'Arn')];
      case 'AWS::Lambda::Alias': return [r.ref(logicalId)];
      case 'AWS::S3::Bucket': return [r.attribute(logicalId, 'Arn')];
      default: return [];
    }
  }

  /** The identity policies of the role `arn`: inline, attached AWS::IAM::Policy resources, and known AWS managed policies. */
  private identityPolicies(arn: string): any[] {
    const cached = this.policiesOfRole.get(arn);
    if (cached) return cached;
    const found = this.arns.get(arn);
    if (!found) throw new Error(`role ${arn} is not a role of the app`);
    const { entry, logicalId } = found;
    const r = entry.resolver;
    const role = r.resource(logicalId).Properties ?? {};
    const policies = [
      ...(role.Policies ?? []).map((p: any) => r.resolve(p.PolicyDocument)),
      ...Object.values<any>(r.template.Resources)
        .filter((res) => ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(res.Type) &&
          (res.Properties.Roles ?? []).some((ref: any) => ref?.Ref === logicalId))
        .map((res) => r.resolve(res.Properties.PolicyDocument)),
      ...(role.ManagedPolicyArns ?? []).map((m: any) => managedPolicy(r.resolveString(m))),
    ];
    this.policiesOfRole.set(arn, policies);
    return policies;
  }

  /**
   * A grant on `key/*` narrowed by `kms:ResourceAliases` (a key known by its alias in another stack) is used on the key
   * behind that alias: the request names that key, so its key policy is evaluated. An alias no template creates fails.
   */
  private keyBehindAlias(resource: string, context: Record<string, string>): string {
    const alias = context['kms:ResourceAliases'];
    const anyKey = /^arn:[^:]+:kms:([^:]+):(\d{12}):key\/\*$/.exec(resource);
    if (!alias || !anyKey) return resource;
    for (const entry of this.stacks.values()) {
      if (entry.stack.region !== anyKey[1] || entry.stack.account !== anyKey[2]) continue;
      for (const res of Object.values<any>(entry.resolver.template.Resources ?? {})) {
        if (res.Type !== 'AWS::KMS::Alias' || res.Properties.AliasName !== alias) continue;
        const target = res.Properties.TargetKeyId;
        const keyId = target?.Ref ?? target?.['Fn::GetAtt']?.[0];
        const arn = [...this.arns.entries()].find(([a, v]) => v.entry === entry && v.logicalId === keyId && a.startsWith('arn:'))?.[0];
        if (arn) return arn;
      }
    }
    throw new Error(`${resource} narrowed to ${alias}: no template in ${anyKey[1]} creates that alias for a key`);
  }

  /** The resource policy of `arn` in the templates: topic, queue, bucket and key policies, Lambda permissions. */
  private resourcePolicy(arn: string): any | undefined {
    if (!this.resourcePolicies.has(arn)) this.resourcePolicies.set(arn, this.resourcePolicyOnce(arn));
    return this.resourcePolicies.get(arn);
  }

  private resourcePolicyOnce(arn: string): any | undefined {
    const found = this.findResource(arn);
    if (!found) return undefined;
    const { entry, logicalId } = found;
    const r = entry.resolver;
    const resources = Object.values<any>(r.template.Resources);
    const type = r.resource(logicalId).Type;
    const refersTo = (list: any) => ([] as any[]).concat(list ?? []).some((v) => v?.Ref === logicalId || v?.['Fn::GetAtt']?.[0] === logicalId);
    const documents = (policyType: string, targets: string) => resources
      .filter((res) => res.Type === policyType && refersTo(res.Properties[targets]))
      .map((res) => r.resolve(res.Properties.PolicyDocument));
    const merge = (docs: any[]) => docs.length === 0 ? undefined
      : { Version: '2012-10-17', Statement: docs.flatMap((d) => ([] as any[]).concat(d.Statement)) };
    switch (type) {
      case 'AWS::KMS::Key': return r.resolve(r.resource(logicalId).Properties.KeyPolicy);
      case 'AWS::SNS::Topic': return merge(documents('AWS::SNS::TopicPolicy', 'Topics'));
      case 'AWS::SQS::Queue': return merge(documents('AWS::SQS::QueuePolicy', 'Queues'));
      case 'AWS::S3::Bucket': return merge(documents('AWS::S3::BucketPolicy', 'Bucket'));
      case 'AWS::Lambda::Function':
      case 'AWS::Lambda::Alias':
        return merge(resources.filter((res) => res.Type === 'AWS::Lambda::Permission' && refersTo(res.Properties.FunctionName))
          .map((res) => ({ Statement: [lambdaPermissionStatement(r.resolve(res.Properties), arn)] })));
      default: return undefined;
    }
  }

  /** The roles at the same place in the other cells of the role's topology (`<topology>/<region>/...`). */
  private correspondingRoles(role: IRole): IRole[] {
    const stack = Stack.of(role);
    const relative = role.node.path.slice(stack.node.path.length).split('/').filter(Boolean);
    const siblings = (stack.node.scope?.node.children ?? []).filter((c): c is Stack => Stack.isStack(c) && c !== stack);
    return siblings.map((s) => relative.reduce<IConstruct | undefined>((c, id) => c?.node.tryFindChild(id), s))
      .filter((c): c is IRole => !!c && 'roleArn' in c);
  }
}

const ANONYMOUS = '<anonymous>';

const ADMIN_POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/**
 * The AWS managed policies the library attaches, as AWS publishes them (the statements that matter here). Any other
 * managed policy fails the proof until it is added.
 */
const MANAGED_POLICIES: Record<string, any[]> = {
  // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCodeDeployRoleForLambdaLimited.html
  'service-role/AWSCodeDeployRoleForLambdaLimited': [{
    Effect: 'Allow',
    Action: ['cloudwatch:DescribeAlarms', 'lambda:UpdateAlias', 'lambda:GetAlias', 'lambda:GetProvisionedConcurrencyConfig', 'sns:Publish'],
    Resource: '*',
  }],
  // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForBackup.html (DynamoDBPermissions)
  'service-role/AWSBackupServiceRolePolicyForBackup': [{
    Effect: 'Allow', Action: ['dynamodb:DescribeTable', 'dynamodb:CreateBackup'], Resource: 'arn:aws:dynamodb:*:*:table/*',
  }],
};

function managedPolicy(arn: string): any {
  const name = /^arn:[^:]+:iam::aws:policy\/(.+)$/.exec(arn)?.[1];
  const statements = name && MANAGED_POLICIES[name];
  if (!statements) throw new Error(`the managed policy ${arn} is unknown to the wiring proof: add its statements to MANAGED_POLICIES`);
  return { Version: '2012-10-17', Statement: statements };
}

/** An AWS::Lambda::Permission as the statement Lambda adds to the function's (or alias's) resource policy. */
function lambdaPermissionStatement(p: any, resource: string): any {
  const principal = String(p.Principal);
  const conditions: any = {};
  if (p.SourceArn) conditions.ArnLike = { 'aws:SourceArn': p.SourceArn };
  if (p.SourceAccount) conditions.StringEquals = { 'aws:SourceAccount': p.SourceAccount };
  return {
    Effect: 'Allow',
    Principal: principal.endsWith('.amazonaws.com') ? { Service: principal } : principal === '*' ? '*' : { AWS: principal },
    Action: p.Action,
    Resource: resource,
    ...(Object.keys(conditions).length > 0 ? { Condition: conditions } : {}),
  };
}

function isEncryptionContextKey(key: string): boolean {
  return /^kms:encryptioncontext:/i.test(key);
}

/**
 * The engine drops `kms:EncryptionContext:<key>` context keys (its variable-key match knows only `/`), so a statement
 * conditioned on one would never match. The harness evaluates those conditions itself, against the request's encryption
 * context: a statement whose encryption-context conditions hold keeps its other conditions for the engine; one whose
 * conditions fail cannot apply, and is left out.
 */
function applyEncryptionContext(policy: any, context: Record<string, string>): any {
  const statements = ([] as any[]).concat(policy.Statement ?? []);
  const kept = statements.flatMap((statement) => {
    if (!statement.Condition) return [statement];
    const condition: any = {};
    for (const [operator, entries] of Object.entries<any>(statement.Condition)) {
      const rest: any = {};
      for (const [key, expected] of Object.entries<any>(entries)) {
        if (!isEncryptionContextKey(key)) {
          rest[key] = expected;
        } else if (!encryptionConditionHolds(operator, key, ([] as string[]).concat(expected), context)) {
          return [];
        }
      }
      if (Object.keys(rest).length > 0) condition[operator] = rest;
    }
    const { Condition: _, ...withoutCondition } = statement;
    return [Object.keys(condition).length > 0 ? { ...withoutCondition, Condition: condition } : withoutCondition];
  });
  return { ...policy, Statement: kept };
}

function encryptionConditionHolds(operator: string, key: string, expected: string[], context: Record<string, string>): boolean {
  const actualKey = Object.keys(context).find((k) => k.toLowerCase() === key.toLowerCase());
  const ifExists = operator.endsWith('IfExists');
  const base = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  if (actualKey === undefined) return ifExists;
  const actual = context[actualKey];
  switch (base) {
    case 'StringEquals':
    case 'ArnEquals':
      return expected.includes(actual);
    case 'StringLike':
    case 'ArnLike':
      return expected.some((pattern) => wildcard(pattern).test(actual));
    default:
      throw new Error(`the wiring proof does not evaluate ${operator} on ${key}: add it to encryptionConditionHolds`);
  }
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.split('?').map(escape).join('.')).join('.*')}$`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
