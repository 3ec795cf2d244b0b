/**
 * Reading an Amazon States Language definition out of a rendered AWS::StepFunctions::StateMachine, and
 * the graph questions the Step Functions rules ask of it. Private to the rule pack.
 */
import { describeToken, renderDefinitionText } from '../private/asl-definition';

/**
 * The parsed definition of a rendered state machine, or undefined when it is stored in S3
 * (DefinitionS3Location), which synth cannot see. Throws when the definition cannot be parsed.
 */
export function stateMachineDefinition(properties: Record<string, any>): any | undefined {
  const substitutions = properties.DefinitionSubstitutions;
  const subs = substitutions !== null && typeof substitutions === 'object' ? substitutions : {};
  if (properties.DefinitionString !== undefined) {
    // Each token becomes a placeholder that keeps the JSON valid where it stands: `<<Fn::GetAtt:Fn.Arn>>` inside a
    // JSON string, `null` outside one (e.g. a `TimeoutSeconds` given by a parameter).
    const text = renderDefinitionText(properties.DefinitionString, subs,
      (token, inString) => (inString ? `<<${describeToken(token)}>>` : 'null'));
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new Error(`the state machine's DefinitionString is not valid JSON once tokens are replaced: ${(e as Error).message}`);
    }
  }
  if (properties.Definition !== null && typeof properties.Definition === 'object') {
    return properties.Definition;
  }
  return undefined;
}

/** A Task state found in a definition, with its path (`Branch/0/Name` inside Parallel and Map) and role. */
export interface TaskState {
  readonly path: string;
  readonly state: any;
  /** Reachable only on an error path: from a Catch, never from StartAt through Next/Default/Choices. */
  readonly compensation: boolean;
}

function normalTargets(state: any): string[] {
  const targets: string[] = [];
  if (typeof state?.Next === 'string') targets.push(state.Next);
  if (typeof state?.Default === 'string') targets.push(state.Default);
  if (Array.isArray(state?.Choices)) {
    for (const choice of state.Choices) if (typeof choice?.Next === 'string') targets.push(choice.Next);
  }
  return targets;
}

function catchTargets(state: any): string[] {
  return Array.isArray(state?.Catch) ? state.Catch.map((c: any) => c?.Next).filter((n: unknown) => typeof n === 'string') : [];
}

function reach(states: Record<string, any>, from: string[], edges: (state: any) => string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...from];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name) || !(name in states)) continue;
    seen.add(name);
    queue.push(...edges(states[name]));
  }
  return seen;
}

/** The nested state scopes of a state: Parallel branches, and a Map's ItemProcessor (or legacy Iterator). */
function childScopes(state: any): Array<{ scope: any; label: string }> {
  if (state?.Type === 'Parallel' && Array.isArray(state.Branches)) {
    return state.Branches.map((scope: any, i: number) => ({ scope, label: `Branch${i}` }));
  }
  if (state?.Type === 'Map') {
    const scope = state.ItemProcessor ?? state.Iterator;
    return scope ? [{ scope, label: 'ItemProcessor' }] : [];
  }
  return [];
}

/**
 * Every Task state in a definition, nested ones included. A state inside a Parallel or Map that is itself a
 * compensation is a compensation too: the whole branch runs on the error path.
 */
export function taskStates(definition: any, prefix = '', inCompensation = false): TaskState[] {
  const states: Record<string, any> = definition?.States !== null && typeof definition?.States === 'object' ? definition.States : {};
  const normal = reach(states, [definition?.StartAt], normalTargets);
  const errorPath = reach(states, Object.values(states).flatMap(catchTargets), (s) => [...normalTargets(s), ...catchTargets(s)]);
  const tasks: TaskState[] = [];
  for (const [name, state] of Object.entries(states)) {
    const compensation = inCompensation || (errorPath.has(name) && !normal.has(name));
    if (state?.Type === 'Task') tasks.push({ path: `${prefix}${name}`, state, compensation });
    for (const { scope, label } of childScopes(state)) {
      tasks.push(...taskStates(scope, `${prefix}${name}/${label}/`, compensation));
    }
  }
  return tasks;
}

/** A Retry list that actually retries: at least one retrier whose MaxAttempts is not 0 (default 3). */
export function retries(state: any): boolean {
  return Array.isArray(state?.Retry) && state.Retry.some((r: any) => r?.MaxAttempts !== 0);
}

/** A non-empty Catch list. */
export function catches(state: any): boolean {
  return Array.isArray(state?.Catch) && state.Catch.length > 0;
}
