import { IPostProcessor, IResolvable, IResolveContext, Lazy, Stack, Token, Tokenization } from 'aws-cdk-lib';
import { CfnDashboard, Column, Dashboard, IVariable, IWidget, Row } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { isCfnReference, isIntrinsic } from '../private/tokens';

/** A dashboard of widgets (and variables): its name and rows. */
export interface RenderedDashboardProps {
  readonly dashboardName: string;
  readonly widgets: IWidget[][];
}

/**
 * A dashboard whose body is its widgets' JSON (aws-cdk-lib's widgets, laid out as aws-cdk-lib's Dashboard lays them
 * out) written as a string, its deploy-time values left in place as tokens for CloudFormation to join: the template of
 * aws-cdk-lib's own Dashboard, cheaper to synthesize. aws-cdk-lib's body is a JSON token that renders every widget value
 * by value at each resolution of the template (the topology's cross-stack check, aws-cdk-lib's reference resolution, the
 * template, tree.json); a string is split at its tokens. The body is written at each resolution that searches for
 * references (the topology's check and aws-cdk-lib's reference resolution, in every synthesis before the template is
 * written), and the template and tree.json take the last writing: a change made after aws-cdk-lib's reference resolution
 * (in validation) is not shown. A value this writing is not sure of gets aws-cdk-lib's own rendering (see `BodyWriter`).
 * The L1's `dashboardBody` is set directly: the L2 has no property for it.
 */
export class RenderedDashboard extends Dashboard {
  /** The rows as aws-cdk-lib's Dashboard keeps them: a row of several widgets is a Row, a row of one is that widget. */
  private readonly rowsAdded: IWidget[] = [];
  private readonly variablesAdded: IVariable[] = [];
  private body?: string;

  constructor(scope: Construct, id: string, props: RenderedDashboardProps) {
    super(scope, id, { dashboardName: props.dashboardName });
    (this.node.defaultChild as CfnDashboard).dashboardBody = Lazy.uncachedString({
      produce: (context) => {
        if (context.preparing || this.body === undefined) this.body = this.write();
        return this.body;
      },
    });
    for (const row of props.widgets) this.addWidgets(...row);
  }

  public addWidgets(...widgets: IWidget[]): void {
    super.addWidgets(...widgets);
    if (widgets.length === 0) return;
    this.rowsAdded.push(widgets.length > 1 ? new Row(...widgets) : widgets[0]);
    this.body = undefined;
  }

  public addVariable(variable: IVariable): void {
    super.addVariable(variable);
    this.variablesAdded.push(variable);
    this.body = undefined;
  }

  /** What aws-cdk-lib's Dashboard renders for a dashboard of widgets and variables (no start, end or period override). */
  private write(): string {
    const column = new Column(...this.rowsAdded);
    column.position(0, 0);
    const body = {
      widgets: column.toJson(),
      variables: this.variablesAdded.length > 0 ? this.variablesAdded.map((variable) => variable.toJson()) : undefined,
    };
    try {
      return new BodyWriter(this).json(body)!;
    } catch (e) {
      if (!(e instanceof NotWritable)) throw e;
      return Stack.of(this).toJsonString(body);
    }
  }
}

/** A value `BodyWriter` does not write: the body gets aws-cdk-lib's own rendering, a JSON token resolved at each resolution. */
class NotWritable extends Error {}

/**
 * Writes a dashboard body's JSON as the text aws-cdk-lib would write, working out each token's value once. Written:
 * literals; strings whose tokens are all deploy-time values JSON need not escape, or that are one token with a literal
 * value at synth (see `string`); tokens in a value's place whose value is written so, and aws-cdk-lib's token that drops
 * a metric's empty options (see `shaped`). Not written (`NotWritable`): anything else, such as an intrinsic in a value's
 * own place, a token key, a number or list token, a string mixing literals with a synth-time token, another
 * post-processing token.
 */
class BodyWriter {
  /** Each token's value at synth (`valueAtSynth`), as met. */
  private readonly known = new Map<IResolvable, unknown>();

  constructor(private readonly scope: Construct) {}

  /** `value` as JSON text, undefined for a value aws-cdk-lib leaves out. */
  public json(value: unknown): string | undefined {
    if (value === undefined) return undefined;
    if (value === null) return 'null';
    if (Tokenization.isResolvable(value)) return this.json(this.shaped(value));
    if (typeof value === 'string') return this.string(value);
    if (typeof value === 'number') {
      if (Token.isUnresolved(value)) throw new NotWritable();
      return JSON.stringify(value);
    }
    if (typeof value === 'boolean') return JSON.stringify(value);
    if (Array.isArray(value)) {
      if (value.length === 1 && typeof value[0] === 'string' && Tokenization.reverseList(value)) throw new NotWritable();
      return `[${value.map((v) => this.json(v)).filter((v) => v !== undefined).join(',')}]`;
    }
    if (isIntrinsic(value)) throw new NotWritable();
    const entries: string[] = [];
    for (const [key, v] of Object.entries(value as object)) {
      if (Token.isUnresolved(key)) throw new NotWritable();
      const written = this.json(v);
      if (written !== undefined) entries.push(`${JSON.stringify(key)}:${written}`);
    }
    return `{${entries.join(',')}}`;
  }

  /**
   * A string of a widget's JSON. One whose tokens are all deploy-time values (see `valueAtSynth`) is written as it is:
   * CloudFormation joins the values into the text (`Fn::Join`), as it does in aws-cdk-lib's rendering. One that is a
   * single token with a literal value at synth (a search region, left out in its own region; an ARN by name) is written
   * as that value.
   */
  private string(value: string): string | undefined {
    if (!Token.isUnresolved(value)) return JSON.stringify(value);
    const fragments = Tokenization.reverseString(value);
    const values = fragments.tokens.map((t) => {
      if (!this.known.has(t)) this.known.set(t, this.valueAtSynth(t));
      return this.known.get(t);
    });
    if (values.every((v) => v === DEPLOY_TIME)) return JSON.stringify(value);
    const [literal] = values;
    if (fragments.length === 1 && (literal === undefined || ['string', 'number', 'boolean'].includes(typeof literal))) return this.json(literal);
    throw new NotWritable();
  }

  /**
   * `token`'s value at synth: `DEPLOY_TIME` for a value CloudFormation resolves at deploy time whose written form holds
   * nothing JSON would escape, a `Ref`/`Fn::GetAtt` (its logical ID and attribute name) or an intrinsic every literal of
   * which JSON writes as it is (what that resolves to at deploy time, CloudFormation joins in unescaped, as in
   * aws-cdk-lib's rendering); else the token resolved in the dashboard's stack.
   */
  private valueAtSynth(token: IResolvable): unknown {
    if (isCfnReference(token) && jsonSafe(token.displayName)) return DEPLOY_TIME;
    let resolved: unknown;
    try {
      resolved = Stack.of(this.scope).resolve(token);
    } catch {
      // Such as a resource of another environment without a physical name: aws-cdk-lib's rendering fails there too,
      // within the topology's check for references, which names the consumer.
      throw new NotWritable();
    }
    return isIntrinsic(resolved) && jsonSafe(resolved) ? DEPLOY_TIME : resolved;
  }

  /**
   * What a token in a value's place makes of its value, the value's own tokens kept for `json`. aws-cdk-lib's token that
   * drops a metric's empty options (aws-cloudwatch/lib/private/drop-empty-object-at-the-end-of-an-array-token.ts) is
   * handed its value as it is and post-processes the value as written (synth-time values resolved, values left out
   * dropped), as aws-cdk-lib post-processes the resolved value. Another token is resolved with no resolution of its own
   * (one that resolves a value itself, or post-processes, is not written), a `Ref`/`Fn::GetAtt` not at all.
   */
  private shaped(token: IResolvable): unknown {
    if (isCfnReference(token)) throw new NotWritable();
    const dropsEmptyOptions = token.constructor.name === DROP_EMPTY_OPTIONS;
    let postProcessor: IPostProcessor | undefined;
    const context: IResolveContext = {
      scope: this.scope,
      preparing: false,
      documentPath: [],
      registerPostProcessor: (pp) => postProcessor = pp,
      resolve: (x) => {
        if (!dropsEmptyOptions) throw new NotWritable();
        return x;
      },
    };
    const value = token.resolve(context);
    if (postProcessor === undefined) return value;
    if (!dropsEmptyOptions) throw new NotWritable();
    const written = this.json(value);
    return postProcessor.postProcess(written === undefined ? undefined : JSON.parse(written), context);
  }
}

const DEPLOY_TIME = Symbol('deploy-time value');

/** The class of aws-cdk-lib's token that drops a metric's empty options (a test fails if it is renamed). */
const DROP_EMPTY_OPTIONS = 'DropEmptyObjectAtTheEndOfAnArray';

/** Whether every string in `value` (keys included) is written by JSON as it is, with no character escaped. */
function jsonSafe(value: unknown): boolean {
  if (typeof value === 'string') return JSON.stringify(value) === `"${value}"`;
  if (Array.isArray(value)) return value.every(jsonSafe);
  if (value && typeof value === 'object') return Object.entries(value).every(([k, v]) => jsonSafe(k) && jsonSafe(v));
  return true;
}
