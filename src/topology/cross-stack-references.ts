import { CfnElement, DefaultTokenResolver, IPostProcessor, IResolvable, IResolveContext, Reference, Stack, StringConcat, Token, Tokenization } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import type { MultiRegionTopology } from './multi-region-topology';
import { configError } from '../private/errors';
import { isCfnReference } from '../private/tokens';

/**
 * A reference that crosses a stack boundary: `consumer` (a CloudFormation element) uses `attribute` of `producer`, which
 * lives in another stack. `bridged`: aws-cdk-lib would carry it with an export; otherwise the producer has no physical
 * name another environment could know, and aws-cdk-lib fails on it (without naming the consumer).
 */
interface CrossStackReference {
  readonly consumer: CfnElement;
  readonly producer: IConstruct;
  readonly attribute: string;
  readonly bridged: boolean;
}

/** What the walk puts where a logical ID goes: only the references matter, not the rendering. */
const LOGICAL_ID = 'LogicalId';

/**
 * Every reference between two stacks of the app that involves a stack of `topology`, as configuration errors.
 *
 * aws-cdk-lib 2.257 bridges any reference between stacks of one account, whatever `crossRegionReferences` says: with
 * `Fn::ImportValue` and an export in one region, with ExportsWriter/ExportsReader custom resources across regions, or
 * with `Fn::GetStackOutput` when weak references are chosen. Each ties one stack's deploy, update and deletion to the
 * other (an export in use cannot change; a reader fails while the writer's region is down), which a cell must never be.
 * Refused: any reference between two of the topology's stacks (cells, prerequisites, routing), and any reference
 * between one of them and another region. A stack outside the topology in the same region may be referenced either way.
 * An attribute that resolves to a literal built from a deterministic physical name (an ARN across environments) is no
 * reference, and passes.
 *
 * Runs from an aspect, before aws-cdk-lib resolves the references (prepareApp): a `Ref`/`Fn::GetAtt` of an element of
 * another stack is then still the plain reference, with its target.
 */
export function crossStackReferenceErrors(topology: MultiRegionTopology): Error[] {
  const ownsStack = (stack: Stack) => stack.node.scopes.includes(topology);
  return findCrossStackReferences(topology.node.root)
    .filter(({ consumer, producer }) => {
      const from = deployedStack(consumer);
      const to = deployedStack(producer);
      return (ownsStack(from) || ownsStack(to)) && ((ownsStack(from) && ownsStack(to)) || from.region !== to.region);
    })
    .map(({ consumer, producer, attribute, bridged }) => {
      const from = deployedStack(consumer);
      const to = deployedStack(producer);
      const uses = `it uses ${attribute === 'Ref' ? 'the Ref' : `the ${attribute} attribute`} of a resource in stack ` +
        `'${to.stackName}' (${to.region}) from stack '${from.stackName}' (${from.region})`;
      return configError(consumer, {
        setting: 'reference to',
        value: producer.node.path,
        problem: bridged
          ? `${uses}, which aws-cdk-lib would bridge with an export and an import (Fn::ImportValue, or ExportsWriter/` +
            'ExportsReader custom resources across regions), tying the deployment, update and deletion of one stack to the other'
          : `${uses}, and the resource has no physical name that another stack could know`,
        allowed: 'references within one stack (and its nested stacks), or to a stack outside the topology in the same region',
        fix: 'give the resource a deterministic physical name (derived from the topology\'s serviceName and the region) and ' +
          'read it by that name in your own region, or create what the consumer needs in its own cell',
      });
    });
}

/** The stack that CloudFormation deploys `construct` with: its own stack, or the top-level parent of a nested stack. */
function deployedStack(construct: IConstruct): Stack {
  let stack = Stack.of(construct);
  while (stack.nestedStackParent) stack = stack.nestedStackParent;
  return stack;
}

/**
 * Every reference from an element of one deployed stack to a resource of another: each element's CloudFormation (what
 * aws-cdk-lib's own reference resolution walks, core/lib/private/refs.ts) searched for the tokens it holds.
 */
function findCrossStackReferences(root: IConstruct): CrossStackReference[] {
  const found = new Map<string, CrossStackReference>();
  const elements = root.node.findAll().filter(CfnElement.isCfnElement);
  // A logical ID is a literal CloudFormation requires at synth, never a reference: the search need not compute it (an md5
  // of the path per use, and a Lambda version's hash of its function's whole configuration).
  const logicalIds = new Set<IResolvable>();
  for (const element of elements) {
    const token = Tokenization.reverseString(element.logicalId).firstToken;
    if (token) logicalIds.add(token);
  }
  for (const consumer of elements) {
    const search = new ReferenceSearch(consumer, logicalIds, (reference, bridged) => {
      const key = `${consumer.node.path}\0${reference.target.node.path}\0${reference.displayName}`;
      if (!found.has(key)) found.set(key, { consumer, producer: reference.target, attribute: reference.displayName, bridged });
    });
    // Skipping, as aws-cdk-lib does, an element whose CloudFormation fails to render (its own validation reports it later).
    try {
      search.visit((consumer as any)._toCloudFormation());
      // A resource's raw overrides join its rendering in a post-processor, which the search does not run.
      search.visit((consumer as { rawOverrides?: unknown }).rawOverrides);
    } catch (e) {
      if ((e as { type?: string }).type !== 'CfnSynthesisError') throw e;
    }
  }
  return [...found.values()];
}

/**
 * Finds the references of one consumer to other stacks by visiting the tokens its CloudFormation holds, the way
 * aws-cdk-lib's resolve (core/lib/private/resolve.ts) meets them, without rendering them: no string is joined, no
 * intrinsic built, no post-processor run, and a `Ref`/`Fn::GetAtt` within the consumer's own stack is not resolved at
 * all (it holds no other reference). What a token resolves itself (`context.resolve`) gets a full resolution that
 * records the references it meets, so the token works with resolved values as in a synthesis; the value the token
 * returns is visited in turn. A construct, or a value nested deeper than aws-cdk-lib allows, gets the full resolution
 * too, which fails with aws-cdk-lib's own error.
 */
class ReferenceSearch {
  private readonly consumerStack: Stack;
  private readonly context: IResolveContext;
  private readonly resolve: IResolveContext['resolve'];

  constructor(consumer: CfnElement, private readonly logicalIds: ReadonlySet<IResolvable>,
    private readonly onReference: (reference: Reference, bridged: boolean) => void) {
    this.consumerStack = deployedStack(consumer);
    const resolver = new RecordingResolver(this.consumerStack, logicalIds, onReference);
    this.resolve = (x, options) =>
      Tokenization.resolve(x, { scope: consumer, preparing: true, resolver, removeEmpty: options?.removeEmpty });
    this.context = { scope: consumer, preparing: true, documentPath: [], registerPostProcessor: () => {}, resolve: this.resolve };
  }

  /** Visits every token in `value`: strings, numbers and lists that encode tokens, tokens, and plain arrays and objects. */
  public visit(value: unknown, depth = 0): void {
    if (depth > MAX_DEPTH || Construct.isConstruct(value)) {
      this.resolve(value);
    } else if (typeof value === 'string') {
      if (Token.isUnresolved(value)) Tokenization.reverseString(value).tokens.forEach((t) => this.visitToken(t, depth));
    } else if (typeof value === 'number') {
      const token = Tokenization.reverseNumber(value);
      if (token) this.visitToken(token, depth);
    } else if (Array.isArray(value)) {
      const list = value.length === 1 && typeof value[0] === 'string' ? Tokenization.reverseList(value) : undefined;
      if (list) this.visitToken(list, depth);
      else value.forEach((v) => this.visit(v, depth + 1));
    } else if (Tokenization.isResolvable(value)) {
      this.visitToken(value, depth);
    } else if (value && typeof value === 'object' && !(value instanceof Date)) {
      for (const [key, v] of Object.entries(value)) {
        this.visit(key, depth + 1);
        this.visit(v, depth + 1);
      }
    }
  }

  private visitToken(t: IResolvable, depth: number): void {
    if (this.logicalIds.has(t)) return;
    if (isCfnReference(t)) {
      if (deployedStack(t.target) !== this.consumerStack) this.onReference(t, true);
      return;
    }
    if (Reference.isReference(t) && deployedStack(t.target) !== this.consumerStack) {
      try {
        this.visit(t.resolve(this.context), depth + 1);
      } catch (e) {
        if (!isCrossEnvironmentError(e)) throw e;
        this.onReference(t, false);
      }
      return;
    }
    this.visit(t.resolve(this.context), depth + 1);
  }
}

/**
 * aws-cdk-lib's error for an attribute of a resource used in another environment when the resource has no physical name
 * to build it from (core/lib/resource.ts: "Cannot use resource ... in a cross-environment fashion").
 */
function isCrossEnvironmentError(e: unknown): boolean {
  return /cross-environment/.test(String(e));
}

/** How deep aws-cdk-lib's resolve goes before it calls a value circular (core/lib/private/resolve.ts). */
const MAX_DEPTH = 200;

/**
 * Resolves tokens as CloudFormation would see them, telling `onReference` of every reference to another stack: a
 * `Ref`/`Fn::GetAtt` (aws-cdk-lib bridges it), or an attribute of another stack's resource that fails to resolve here
 * (aws-cdk-lib's "cross-environment fashion" error, recorded instead so the message can name the consumer too).
 */
class RecordingResolver extends DefaultTokenResolver {
  constructor(private readonly consumerStack: Stack,
    private readonly logicalIds: ReadonlySet<IResolvable>,
    private readonly onReference: (reference: Reference, bridged: boolean) => void) {
    super(new StringConcat());
  }

  public resolveToken(t: IResolvable, context: IResolveContext, postProcessor: IPostProcessor): any {
    if (this.logicalIds.has(t)) return LOGICAL_ID;
    if (!Reference.isReference(t) || deployedStack(t.target) === this.consumerStack) {
      return super.resolveToken(t, context, postProcessor);
    }
    if (isCfnReference(t)) {
      this.onReference(t, true);
      return super.resolveToken(t, context, postProcessor);
    }
    try {
      return super.resolveToken(t, context, postProcessor);
    } catch (e) {
      if (!isCrossEnvironmentError(e)) throw e;
      this.onReference(t, false);
      return '<unresolvable>';
    }
  }
}
