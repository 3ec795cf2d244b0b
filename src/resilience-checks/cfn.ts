import { CfnResource, Stack } from 'aws-cdk-lib';
import { isIntrinsic } from '../private/tokens';

/**
 * A resource as it will appear in the synthesized template: PascalCase property names, overrides applied,
 * tokens resolved to CloudFormation intrinsics (`{ Ref }`, `{ 'Fn::GetAtt' }`, ...).
 */
export interface RenderedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, any>;
  readonly deletionPolicy?: unknown;
  readonly updateReplacePolicy?: unknown;
}

/**
 * Renders one L1 the way synthesis does. Typed L1s (CfnGlobalTable, ...) and raw `new CfnResource(...)`
 * are treated alike, `addPropertyOverride` / `addOverride` are honoured, and DeletionPolicy /
 * UpdateReplacePolicy come from `cfnOptions` as rendered, because `_toCloudFormation` is the very method
 * the stack calls to write its template. It is internal to aws-cdk-lib (stable since CDK v1); if it ever
 * goes away the rule throws, which cdk-nag reports as a finding rather than a silent pass.
 *
 * Returns undefined for a resource that will not be synthesized.
 */
export function renderResource(node: CfnResource): RenderedResource | undefined {
  const toCfn = (node as any)._toCloudFormation;
  if (typeof toCfn !== 'function') {
    throw new Error(`${node.node.path} cannot be rendered: CfnResource._toCloudFormation is missing from this aws-cdk-lib version`);
  }
  const resources = Stack.of(node).resolve(toCfn.call(node))?.Resources ?? {};
  const [logicalId, body] = Object.entries<any>(resources)[0] ?? [];
  if (logicalId === undefined) return undefined;
  return {
    logicalId,
    type: body.Type ?? node.cfnResourceType,
    properties: body.Properties ?? {},
    deletionPolicy: body.DeletionPolicy,
    updateReplacePolicy: body.UpdateReplacePolicy,
  };
}

/** Memoizes `renderResource` for one node, so the rules applied to it render it once. */
export function lazyRender(node: CfnResource): () => RenderedResource | undefined {
  let done = false;
  let value: RenderedResource | undefined;
  return () => {
    if (!done) {
      value = renderResource(node);
      done = true;
    }
    return value;
  };
}

/** Stack-wide lookups of the running check, so rules that look past their own resource render each stack once. */
let stackLookups: Map<string, RenderedResource[]> | undefined;

/** Runs `check` with stack-wide lookups memoized for its duration (one pack run: the tree does not change meanwhile). */
export function withStackLookups<T>(check: () => T): T {
  const outer = stackLookups;
  stackLookups = new Map();
  try {
    return check();
  } finally {
    stackLookups = outer;
  }
}

/** Every rendered resource of `types` that belongs to the same stack as `node` (nested stacks are their own stacks). */
export function resourcesInStackOf(node: CfnResource, types: readonly string[]): RenderedResource[] {
  const stack = Stack.of(node);
  const key = `${stack.node.path}|${types.join(',')}`;
  const known = stackLookups?.get(key);
  if (known) return known;
  const found = stack.node.findAll()
    .filter(CfnResource.isCfnResource)
    .filter((r) => types.includes(r.cfnResourceType) && Stack.of(r) === stack)
    .map(renderResource)
    .filter((r): r is RenderedResource => r !== undefined);
  stackLookups?.set(key, found);
  return found;
}

/**
 * A literal value, or an error when the value is an intrinsic. cdk-nag reports a rule that throws as a
 * finding of that rule ("Rule threw an error during validation"), which is the right outcome for a value
 * the pack cannot prove safe, e.g. `{ Ref: SomeParameter }`.
 */
export function literal(value: unknown, what: string): unknown {
  if (isIntrinsic(value)) {
    throw new Error(`${what} is ${JSON.stringify(value)}, which is only known at deploy time, so the rule cannot be checked`);
  }
  return value;
}

/** A CloudFormation boolean: `true`, or the string `'true'` (CloudFormation accepts both). Throws on an intrinsic. */
export function isTrue(value: unknown, what: string): boolean {
  const v = literal(value, what);
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

/** A CloudFormation number: a number, or a numeric string (Route 53 TTLs are strings). Throws on an intrinsic. */
export function asNumber(value: unknown, what: string): number | undefined {
  const v = literal(value, what);
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (Number.isNaN(n)) throw new Error(`${what} is ${JSON.stringify(v)}, which is not a number`);
  return n;
}

/** `value` as an array of objects; an intrinsic (e.g. `Fn::If` around a list) throws. */
export function asList(value: unknown, what: string): any[] {
  literal(value, what);
  return Array.isArray(value) ? value : [];
}
