import { CfnResource } from 'aws-cdk-lib';
import { RenderedResource, resourcesInStackOf } from './cfn';
import { NagRuleCompliance } from './nag';
import { isIntrinsic } from '../private/tokens';

export const FUNCTION = 'AWS::Lambda::Function';
const EVENT_INVOKE_CONFIG = 'AWS::Lambda::EventInvokeConfig';
/** Resources whose Ref/GetAtt stands for a function through its FunctionName (qualified ARNs). */
const FUNCTION_QUALIFIERS = ['AWS::Lambda::Alias', 'AWS::Lambda::Version'];

function has(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/**
 * The function name inside a FunctionName value as Lambda accepts it: a name, `name:qualifier`, a full ARN
 * (`arn:aws:lambda:us-east-1:123456789012:function:name[:qualifier]`) or a partial ARN (`123456789012:function:name`).
 */
export function functionNameOf(value: string): string {
  const marker = value.lastIndexOf('function:');
  const rest = marker >= 0 ? value.slice(marker + 'function:'.length) : value;
  return rest.split(':')[0];
}

/** The logical ids an intrinsic refers to: `Ref`, `Fn::GetAtt` (both forms) and `${Id}` / `${Id.Attr}` in `Fn::Sub`. */
export function referencedLogicalIds(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((v) => referencedLogicalIds(v, into));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'Ref' && typeof v === 'string') {
        into.add(v);
      } else if (key === 'Fn::GetAtt') {
        const id = Array.isArray(v) ? v[0] : typeof v === 'string' ? v.split('.')[0] : undefined;
        if (typeof id === 'string') into.add(id);
        else referencedLogicalIds(v, into);
      } else if (key === 'Fn::Sub') {
        const template = Array.isArray(v) ? v[0] : v;
        if (typeof template === 'string') {
          for (const match of template.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[^}]*)?\}/g)) into.add(match[1]);
        }
        if (Array.isArray(v)) referencedLogicalIds(v[1], into);
      } else {
        referencedLogicalIds(v, into);
      }
    }
  }
  return into;
}

/** Renders an `Fn::Join` made of literals only to its string; undefined for anything else. */
function literalJoin(value: any): string | undefined {
  const join = value?.['Fn::Join'];
  if (!Array.isArray(join) || !Array.isArray(join[1])) return undefined;
  const parts: unknown[] = join[1];
  return parts.every((p) => typeof p === 'string' || typeof p === 'number') ? parts.join(String(join[0])) : undefined;
}

/**
 * Whether a FunctionName value (of an EventInvokeConfig) designates `fn`. It does when it is the same value
 * as the function's own FunctionName, names it literally (name or ARN, any qualifier), or refers to the
 * function, or to one of its aliases or versions, with Ref / GetAtt / Sub anywhere inside the intrinsic.
 */
export function designates(value: unknown, fn: RenderedResource, qualifiers: Map<string, RenderedResource>, depth = 0): boolean {
  if (!has(value) || depth > 3) return false;
  const ownName = fn.properties.FunctionName;
  if (has(ownName) && JSON.stringify(ownName) === JSON.stringify(value)) return true;
  const text = typeof value === 'string' ? value : literalJoin(value);
  if (text !== undefined) {
    return typeof ownName === 'string' && functionNameOf(text) === functionNameOf(ownName);
  }
  if (!isIntrinsic(value)) return false;
  for (const id of referencedLogicalIds(value)) {
    if (id === fn.logicalId) return true;
    const qualifier = qualifiers.get(id);
    if (qualifier && designates(qualifier.properties.FunctionName, fn, qualifiers, depth + 1)) return true;
  }
  return false;
}

/**
 * A rule: the function has a failure destination for asynchronous invocations, either a dead-letter
 * queue/topic (DeadLetterConfig.TargetArn) or an EventInvokeConfig in the same stack, for the function or
 * any of its aliases/versions, with DestinationConfig.OnFailure.Destination.
 */
export function asyncFailureDestination(node: CfnResource, fn: RenderedResource): NagRuleCompliance {
  if (fn.type !== FUNCTION) return NagRuleCompliance.NOT_APPLICABLE;
  if (has(fn.properties.DeadLetterConfig?.TargetArn)) return NagRuleCompliance.COMPLIANT;
  const related = resourcesInStackOf(node, [EVENT_INVOKE_CONFIG, ...FUNCTION_QUALIFIERS]);
  const qualifiers = new Map(related.filter((r) => FUNCTION_QUALIFIERS.includes(r.type)).map((r) => [r.logicalId, r] as const));
  const covered = related
    .filter((r) => r.type === EVENT_INVOKE_CONFIG && has(r.properties.DestinationConfig?.OnFailure?.Destination))
    .some((config) => designates(config.properties.FunctionName, fn, qualifiers));
  return covered ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
