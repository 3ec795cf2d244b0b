/**
 * Reading an Amazon States Language definition out of a rendered AWS::StepFunctions::StateMachine, and
 * the graph questions the Step Functions rules ask of it. Private to the rule pack.
 */

/**
 * Builds the definition text from a rendered DefinitionString, which CDK writes as
 * `{ 'Fn::Join': ['', [...literal JSON..., { 'Fn::GetAtt': [...] }, ...]] }`. Each token becomes a
 * placeholder that keeps the JSON valid where it stands: `<<Fn::GetAtt:Fn.Arn>>` inside a JSON string,
 * `null` outside one (e.g. a `TimeoutSeconds` given by a parameter). DefinitionSubstitutions are applied to
 * the literal text the same way.
 */
class DefinitionWriter {
  private text = '';
  private inString = false;
  private escaped = false;

  constructor(private readonly substitutions: Record<string, unknown>) {}

  public get result(): string {
    return this.text;
  }

  public write(value: unknown): void {
    if (typeof value === 'string') {
      this.literal(value);
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      this.raw(String(value));
    } else if (value !== null && typeof value === 'object' && Array.isArray((value as any)['Fn::Join'])) {
      const [separator, parts] = (value as any)['Fn::Join'];
      (Array.isArray(parts) ? parts : [parts]).forEach((part: unknown, i: number) => {
        if (i > 0) this.literal(String(separator));
        this.write(part);
      });
    } else if (value !== null && typeof value === 'object' && 'Fn::Sub' in value) {
      const sub = (value as any)['Fn::Sub'];
      this.literal(String(Array.isArray(sub) ? sub[0] : sub));
    } else {
      this.token(describeToken(value));
    }
  }

  /** Literal definition text, with `${name}` DefinitionSubstitutions applied. */
  private literal(text: string): void {
    let last = 0;
    for (const match of text.matchAll(/\$\{([^}]+)\}/g)) {
      if (!(match[1] in this.substitutions)) continue;
      this.raw(text.slice(last, match.index));
      const value = this.substitutions[match[1]];
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        this.raw(String(value));
      } else {
        this.token(describeToken(value));
      }
      last = match.index! + match[0].length;
    }
    this.raw(text.slice(last));
  }

  private token(description: string): void {
    this.raw(this.inString ? `<<${description}>>` : 'null');
  }

  private raw(text: string): void {
    for (const ch of text) {
      if (this.escaped) this.escaped = false;
      else if (ch === '\\' && this.inString) this.escaped = true;
      else if (ch === '"') this.inString = !this.inString;
    }
    this.text += text;
  }
}

/** A short, JSON-string-safe name for an intrinsic: `Ref:Foo`, `Fn::GetAtt:Foo.Arn`, `Fn::If`. */
function describeToken(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const [key, arg] = Object.entries(value)[0] ?? ['token', undefined];
    const detail = typeof arg === 'string' ? arg : Array.isArray(arg) && arg.every((a) => typeof a === 'string') ? arg.join('.') : '';
    return `${key}${detail ? `:${detail}` : ''}`.replace(/["\\]/g, '');
  }
  return 'token';
}

/**
 * The parsed definition of a rendered state machine, or undefined when it is stored in S3
 * (DefinitionS3Location), which synth cannot see. Throws when the definition cannot be parsed.
 */
export function stateMachineDefinition(properties: Record<string, any>): any | undefined {
  const substitutions = properties.DefinitionSubstitutions;
  const subs = substitutions !== null && typeof substitutions === 'object' ? substitutions : {};
  if (properties.DefinitionString !== undefined) {
    const writer = new DefinitionWriter(subs);
    writer.write(properties.DefinitionString);
    try {
      return JSON.parse(writer.result);
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
