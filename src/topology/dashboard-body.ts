import { Intrinsic, IPostProcessor, IResolvable, IResolveContext, Lazy, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import { CfnDashboard, Column, Dashboard, IWidget, Row } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';

/** A dashboard of widgets only: its name and rows (no start, end, period override or variables). */
export interface RenderedDashboardProps {
  readonly dashboardName: string;
  readonly widgets: IWidget[][];
}

/**
 * A dashboard whose body is its widgets' JSON (aws-cdk-lib's widgets, laid out as aws-cdk-lib's Dashboard lays them
 * out) written once as a string, the tokens of its strings left in place for CloudFormation to join: the same template
 * as aws-cdk-lib's own Dashboard, much cheaper to synthesize. aws-cdk-lib's body is a JSON token that renders every
 * widget value by value at each resolution of the template (the topology's cross-stack check, aws-cdk-lib's reference
 * resolution, the template, tree.json); a string is split at its tokens. Widgets added later (`addWidgets`) are laid out
 * and the body written again.
 * A raw override of the L1's `dashboardBody`: the L2 has no property for it.
 */
export class RenderedDashboard extends Dashboard {
  /** The rows as aws-cdk-lib's Dashboard keeps them: a row of several widgets is a Row, a row of one is that widget. */
  private readonly rowsAdded: IWidget[] = [];
  private body?: string;

  constructor(scope: Construct, id: string, props: RenderedDashboardProps) {
    super(scope, id, { dashboardName: props.dashboardName });
    (this.node.defaultChild as CfnDashboard).dashboardBody = Lazy.uncachedString({ produce: () => this.body ??= this.write() });
    for (const row of props.widgets) this.addWidgets(...row);
  }

  public addWidgets(...widgets: IWidget[]): void {
    super.addWidgets(...widgets);
    if (widgets.length === 0) return;
    this.rowsAdded.push(widgets.length > 1 ? new Row(...widgets) : widgets[0]);
    this.body = undefined;
  }

  /** What aws-cdk-lib's Dashboard renders for a dashboard of widgets only. */
  private write(): string {
    const column = new Column(...this.rowsAdded);
    column.position(0, 0);
    const body = { widgets: column.toJson() };
    try {
      return json(body, this)!;
    } catch (e) {
      // A widget this writing does not know: aws-cdk-lib's own rendering, a JSON token resolved at each resolution.
      if (!(e instanceof NotWritable)) throw e;
      return Stack.of(this).toJsonString(body);
    }
  }
}

/**
 * `value` (a widget's JSON: literals, strings that may hold tokens, and aws-cdk-lib's tokens that shape the JSON, such
 * as the one that drops a metric's empty options) as JSON text, undefined for a value the JSON leaves out. Anything
 * else (a deploy-time value in a place of its own, a number or list token, a string mixing literals with a token whose
 * value is known only at synth) is not written (`NotWritable`): none of the library's widgets holds one.
 */
function json(value: unknown, scope: Construct): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return 'null';
  if (Tokenization.isResolvable(value)) {
    if (Reference.isReference(value) || value instanceof Intrinsic) throw new NotWritable();
    return json(shaped(value, scope), scope);
  }
  if (typeof value === 'string') return jsonString(value, scope);
  if (typeof value === 'number') {
    if (Token.isUnresolved(value)) throw new NotWritable();
    return JSON.stringify(value);
  }
  if (typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (Tokenization.reverseList(value)) throw new NotWritable();
    return `[${value.map((v) => json(v, scope)).filter((v) => v !== undefined).join(',')}]`;
  }
  if (isIntrinsic(value)) throw new NotWritable();
  const entries = Object.entries(value as object).map(([k, v]) => [k, json(v, scope)]).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
}

/**
 * A string of a widget's JSON. One whose tokens are all deploy-time values (references, such as an alarm's ARN, and
 * intrinsics, such as the region) is written as it is: CloudFormation joins the values into the text (`Fn::Join`), as in
 * aws-cdk-lib's rendering (neither value holds a character JSON would escape). A string that is one token whose value
 * is known at synth (such as a search region, left out in its own region) is written as that value.
 */
function jsonString(value: string, scope: Construct): string | undefined {
  if (!Token.isUnresolved(value)) return JSON.stringify(value);
  const fragments = Tokenization.reverseString(value);
  const values = fragments.tokens.map((t) => Reference.isReference(t) ? DEPLOY_TIME : Stack.of(scope).resolve(t));
  if (values.every((v) => v === DEPLOY_TIME || isIntrinsic(v))) return JSON.stringify(value);
  const known = values[0];
  if (fragments.length === 1 && (known === undefined || ['string', 'number', 'boolean'].includes(typeof known))) return json(known, scope);
  throw new NotWritable();
}

const DEPLOY_TIME = Symbol('deploy-time value');

/** A CloudFormation intrinsic function as aws-cdk-lib resolves one: an object of one key, `Ref` or `Fn::...`. */
function isIntrinsic(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** A widget's JSON holds a value that `json` does not write. */
class NotWritable extends Error {}

/** What a token of a widget's JSON makes of its value (and its post-processor of that), the value's own tokens kept. */
function shaped(token: IResolvable, scope: Construct): unknown {
  let postProcessor: IPostProcessor | undefined;
  const context: IResolveContext = {
    scope,
    preparing: false,
    documentPath: [],
    registerPostProcessor: (pp) => postProcessor = pp,
    resolve: (x) => x,
  };
  const value = token.resolve(context);
  return postProcessor ? postProcessor.postProcess(value, context) : value;
}
