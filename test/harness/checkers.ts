import { join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, CfnResource, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { synthesize } from './app';
import { recordForCfnLint } from './cfn-lint';
import { lifecycleFindings } from './lifecycle';
import { expectRuntimeWiring } from './wiring';
import { ResilienceChecks } from '../../src/resilience-checks';

/**
 * The three third-party checkers every test topology must pass:
 * - cdk-nag 3: AwsSolutions, Serverless, the regulated NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 packs (users
 *   in regulated industries run them), and the library's own ResilienceChecks pack;
 * - cfn-guard with the AWS Control Tower proactive rules (@cdklabs/cdk-validator-cfnguard);
 * - aws-cdk-lib's own validation: construct validations and annotations (errors, and warnings not
 *   acknowledged), plus CloudFormation's hard limits on each template.
 *
 * One acknowledgement mechanism serves all three, the one users already know:
 * `Validations.of(construct).acknowledge({ id, reason })` on the construct or any ancestor.
 * - cdk-nag: the exact finding id, e.g. `AwsSolutions-IAM5[Resource::*]` or `Serverless-LambdaDLQ`;
 * - cfn-guard: `cdk-validator-cfnguard::<rule>`, e.g. `cdk-validator-cfnguard::ct-lambda-pr-3`
 *   (the id aws-cdk-lib's own plugin loop honours, so an app that registers the plugin agrees).
 * A reason must say why, in at least 20 characters; an acknowledgement that matches no finding is stale
 * and fails too, so acknowledgements cannot outlive the code they excuse.
 */

/** A checker's verdict on one resource. */
export interface Finding {
  readonly checker: 'cdk-nag' | 'cfn-guard' | 'cloudformation';
  /** The id an acknowledgement must name. */
  readonly id: string;
  readonly level: 'error' | 'warning';
  /** The construct path of the resource. */
  readonly path: string;
  readonly message: string;
}

/** Every finding, and which of them are acknowledged. */
export interface CheckerReport {
  readonly findings: Finding[];
  readonly unacknowledged: Finding[];
  /** Acknowledgements (construct path + id) that matched no finding of any checker. */
  readonly stale: string[];
  /** Acknowledgements whose reason is missing or too short to convince a reviewer. */
  readonly unreasoned: string[];
}

const GUARD_PREFIX = 'cdk-validator-cfnguard';
const MIN_REASON_LENGTH = 20;

/**
 * Synthesizes `app` (if not yet done) and runs the three checkers over every stack in it.
 */
export function runCheckers(app: App): CheckerReport {
  const assembly = synthesize(app);
  const constructs = new Map(app.node.findAll().map((c) => [c.node.path, c] as const));

  const findings = [
    ...nagFindings(app),
    ...guardFindings(assembly.stacksRecursively),
    ...cloudFormationFindings(app, assembly.stacksRecursively),
    ...lifecycleFindings(assembly.stacksRecursively),
  ];

  const acknowledgements = collectAcknowledgements(app);
  const used = new Set<Acknowledgement>();
  const unacknowledged = findings.filter((finding) => {
    const construct = constructs.get(finding.path);
    const ack = construct && acknowledgementFor(construct, finding.id, acknowledgements);
    if (ack) used.add(ack);
    return !ack;
  });

  return {
    findings,
    unacknowledged,
    stale: acknowledgements.filter((a) => !used.has(a) && !isAnnotationWarningAck(a))
      .map((a) => `${a.path}: ${a.id}`),
    unreasoned: acknowledgements.filter((a) => a.reason.trim().length < MIN_REASON_LENGTH)
      .map((a) => `${a.path}: ${a.id} (reason: '${a.reason}')`),
  };
}

/**
 * Fails with a readable list when any checker has an unacknowledged finding, or an acknowledgement is
 * stale or has no real reason.
 */
export function expectNoUnacknowledgedFindings(app: App): CheckerReport {
  const report = runCheckers(app);
  // cfn-lint starts slowly: the run lints every checked template at once, in its global teardown (cfn-lint.ts).
  recordForCfnLint(synthesize(app));
  const problems = [
    ...report.unacknowledged.map((f) => `[${f.checker} ${f.level}] ${f.id} at ${f.path}: ${f.message}`),
    ...report.stale.map((s) => `[stale acknowledgement] ${s} matches no finding: remove it`),
    ...report.unreasoned.map((s) => `[acknowledgement without a reason] ${s}: say why in at least ${MIN_REASON_LENGTH} characters`),
  ];
  if (problems.length > 0) {
    throw new Error(`${problems.length} checker problem(s):\n  ${problems.join('\n  ')}`);
  }
  expectRuntimeWiring(app);
  return report;
}

// ---------------------------------------------------------------------------------------------------------
// cdk-nag

/**
 * cdk-nag drops acknowledged findings before reporting them; to detect stale acknowledgements the harness
 * needs every finding, so it asks the packs to ignore acknowledgements and applies them itself, with the
 * same rule as cdk-nag (exact id, on the resource or any ancestor).
 */
function rawPack<T extends NagPack>(pack: T, verdicts: RuleVerdicts): T {
  (pack as any).isAcknowledged = () => false;
  const applyRule = (pack as any).applyRule.bind(pack);
  (pack as any).applyRule = (params: { rule: NagRule; node: CfnResource }) => applyRule({ ...params, rule: verdicts.of(params.rule) });
  return pack;
}

type NagRule = (node: CfnResource) => unknown;

/**
 * The regulated packs share most of their rules (the same functions, e.g. the S3 and IAM ones run by NIST, HIPAA and
 * PCI alike): each rule judges each resource once per run, and every pack that has it reads the same verdict.
 */
class RuleVerdicts {
  private readonly wrappers = new Map<NagRule, NagRule>();

  public of(rule: NagRule): NagRule {
    let wrapper = this.wrappers.get(rule);
    if (!wrapper) {
      const byNode = new WeakMap<CfnResource, { value?: unknown; error?: unknown }>();
      wrapper = (node) => {
        let verdict = byNode.get(node);
        if (!verdict) {
          try {
            verdict = { value: rule(node) };
          } catch (error) {
            verdict = { error };
          }
          byNode.set(node, verdict);
        }
        if ('error' in verdict) throw verdict.error;
        return verdict.value;
      };
      // A pack names its finding after the rule function (`<pack>-<rule.name>`).
      Object.defineProperty(wrapper, 'name', { value: rule.name });
      this.wrappers.set(rule, wrapper);
    }
    return wrapper;
  }
}

function nagFindings(app: App): Finding[] {
  const verdicts = new RuleVerdicts();
  const packs = [
    rawPack(new AwsSolutionsChecks(undefined, { verbose: true }), verdicts),
    rawPack(new ServerlessChecks(undefined, { verbose: true }), verdicts),
    rawPack(new NIST80053R5Checks(undefined, { verbose: true }), verdicts),
    rawPack(new HIPAASecurityChecks(undefined, { verbose: true }), verdicts),
    rawPack(new PCIDSS321Checks(undefined, { verbose: true }), verdicts),
    // The library's own pack: every test topology must pass what it tells users to pass.
    rawPack(new ResilienceChecks(undefined, { verbose: true }), verdicts),
  ];
  const findings: Finding[] = [];
  for (const pack of packs) {
    for (const violation of pack.validateScope(app).violations) {
      for (const resource of violation.violatingResources) {
        findings.push({
          checker: 'cdk-nag',
          id: violation.ruleName,
          level: violation.severity === 'warning' ? 'warning' : 'error',
          path: resource.constructPath ?? '<unknown>',
          message: violation.description,
        });
      }
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------------------
// cfn-guard (Control Tower rules)

function guardFindings(stacks: CloudFormationStackArtifact[]): Finding[] {
  if (stacks.length === 0) return [];
  const pathOf = new Map<string, string>();
  const stackPathOf = new Map(stacks.map((s) => [s.templateFullPath, s.hierarchicalId] as const));
  for (const stack of stacks) {
    for (const entry of stack.findMetadataByType('aws:cdk:logicalId')) {
      pathOf.set(`${stack.templateFullPath}#${String(entry.data)}`, entry.path.replace(/^\//, ''));
    }
  }
  // Calling the plugin directly (not through app synth) keeps it from setting process.exitCode.
  const report = new CfnGuardValidator({ maxBuffer: 64 * 1024 * 1024 })
    .validate({ templatePaths: stacks.map((s) => s.templateFullPath) });
  if (!report.success && report.violations.length === 0) {
    throw new Error(`cfn-guard did not run: ${JSON.stringify(report.metadata ?? report)}`);
  }
  const findings: Finding[] = [];
  for (const violation of report.violations) {
    for (const resource of violation.violatingResources) {
      // A rule that fails as a whole names no resource: report it on the stack.
      const path = pathOf.get(`${resource.templatePath}#${resource.resourceLogicalId}`) ?? stackPathOf.get(resource.templatePath) ??
        `${resource.templatePath}#${resource.resourceLogicalId}`;
      findings.push({
        checker: 'cfn-guard',
        id: `${GUARD_PREFIX}::${violation.ruleName}`,
        level: violation.severity === 'warning' ? 'warning' : 'error',
        path,
        message: `${violation.description}${violation.fix ? ` Fix: ${violation.fix}` : ''}`,
      });
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------------------
// aws-cdk-lib validation and CloudFormation limits

const LIMITS = {
  // With a bootstrapped environment templates are uploaded to S3: 1 MB. Resources, outputs, parameters per stack.
  templateBytes: 1_000_000,
  resources: 500,
  outputs: 200,
  parameters: 200,
};

function cloudFormationFindings(app: App, stacks: CloudFormationStackArtifact[]): Finding[] {
  const findings: Finding[] = [];
  // Construct validations (node.addValidation) throw from synth already; annotations are in the assembly.
  for (const stack of stacks) {
    for (const message of stack.messages) {
      if (message.level !== 'error' && message.level !== 'warning') continue;
      findings.push({
        checker: 'cloudformation',
        id: `annotation::${annotationId(message.entry.data)}`,
        level: message.level,
        path: message.id.replace(/^\//, ''),
        message: String(message.entry.data),
      });
    }
  }
  for (const stackConstruct of app.node.findAll().filter(Stack.isStack)) {
    // Two stages may hold stacks of the same name: match the template file inside the stack's own assembly.
    const templatePath = join(Stage.of(stackConstruct)!.outdir, stackConstruct.templateFile);
    const artifact = stacks.find((s) => s.templateFullPath === templatePath);
    if (!artifact) continue;
    const template = artifact.template;
    const limitFinding = (what: string, actual: number, limit: number) => findings.push({
      checker: 'cloudformation',
      id: `CloudFormation-${what}`,
      level: 'error',
      path: stackConstruct.node.path,
      message: `${actual} ${what} in stack ${stackConstruct.stackName}; CloudFormation accepts at most ${limit}`,
    });
    const size = Buffer.byteLength(JSON.stringify(template));
    if (size > LIMITS.templateBytes) limitFinding('TemplateBytes', size, LIMITS.templateBytes);
    for (const [section, limit] of [['Resources', LIMITS.resources], ['Outputs', LIMITS.outputs], ['Parameters', LIMITS.parameters]] as const) {
      const count = Object.keys(template[section] ?? {}).length;
      if (count > limit) limitFinding(section, count, limit);
    }
    try {
      Template.fromJSON(template); // checks the template for dependency cycles
    } catch (e) {
      findings.push({
        checker: 'cloudformation',
        id: 'CloudFormation-DependencyCycle',
        level: 'error',
        path: stackConstruct.node.path,
        message: (e as Error).message.split('\n')[0],
      });
    }
    if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stackConstruct.stackName)) {
      findings.push({
        checker: 'cloudformation',
        id: 'CloudFormation-StackName',
        level: 'error',
        path: stackConstruct.node.path,
        message: `stack name '${stackConstruct.stackName}' is not a valid CloudFormation stack name`,
      });
    }
    for (const resource of stackConstruct.node.findAll().filter(CfnResource.isCfnResource)) {
      if (Stack.of(resource) !== stackConstruct) continue;
      const logicalId = stackConstruct.resolve(resource.logicalId);
      if (!/^[A-Za-z0-9]{1,255}$/.test(logicalId)) {
        findings.push({
          checker: 'cloudformation',
          id: 'CloudFormation-LogicalId',
          level: 'error',
          path: resource.node.path,
          message: `logical id '${logicalId}' must be 1-255 alphanumeric characters`,
        });
      }
    }
  }
  return findings;
}

/** Annotation messages carry their id as a trailing `[ack: <id>]`. */
function annotationId(data: unknown): string {
  const match = /\[ack: ([^\]]+)\]/.exec(String(data));
  return match ? match[1] : String(data).slice(0, 60);
}

// ---------------------------------------------------------------------------------------------------------
// acknowledgements

interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

function collectAcknowledgements(app: App): Acknowledgement[] {
  const result: Acknowledgement[] = [];
  for (const construct of app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        if (!result.some((a) => a.path === construct.node.path && a.id === id)) {
          result.push({ path: construct.node.path, id, reason: String(reason ?? '') });
        }
      }
    }
  }
  return result;
}

/**
 * An acknowledged aws-cdk-lib warning never reaches the assembly, so whether it matched cannot be checked.
 * Their ids are namespaced (`@aws-cdk/aws-lambda:...`); cdk-nag's (`AwsSolutions-L1`) never hold a colon,
 * and aws-cdk-lib files them under `annotation::` too.
 */
function isAnnotationWarningAck(ack: Acknowledgement): boolean {
  return /^annotation::.*:/i.test(ack.id);
}

/** The acknowledgement of `findingId` on `construct` or its nearest ancestor, as cdk-nag matches it. */
function acknowledgementFor(construct: IConstruct, findingId: string, acks: Acknowledgement[]): Acknowledgement | undefined {
  for (const scope of construct.node.scopes.slice().reverse()) {
    const ack = acks.find((a) => a.path === scope.node.path &&
      (a.id === findingId || a.id.replace(/^annotation::/i, '') === findingId));
    if (ack) return ack;
  }
  return undefined;
}
