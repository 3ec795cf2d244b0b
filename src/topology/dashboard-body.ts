import { CfnResource, IResolvable, IResolveContext, Stack, Token, Tokenization } from 'aws-cdk-lib';
import { Dashboard, IWidget } from 'aws-cdk-lib/aws-cloudwatch';
import type { RegionalCell } from './regional-cell';

/**
 * Lets the searches for references skip rendering the body of dashboard `id` of `cell`, built from `rows`, and the
 * template and tree.json share one rendering. aws-cdk-lib renders a dashboard's body (every widget's JSON, stringified
 * value by value) at each resolution of the template: the topology's cross-stack check and aws-cdk-lib's own reference
 * resolution (both "preparing": they keep the references they meet and discard the rendering), the template, tree.json.
 * In a preparing resolution the body now stands for the tokens its widgets hold, which that resolution resolves in turn,
 * meeting the same references; any other resolution gets the body exactly as before, rendered once per synthesis and
 * stack it is resolved in (the template and tree.json both resolve it in the dashboard's stack, after the searches).
 */
export function searchedByItsTokens(cell: RegionalCell, id: string, rows: IWidget[][]): void {
  const resource = (cell.node.findChild(id) as Dashboard).node.defaultChild as CfnResource & { dashboardBody: string };
  resource.dashboardBody = Token.asString(new PreparedByItsTokens(resource.dashboardBody, () => tokensIn(rows.flat().map((w) => w.toJson()))));
}

class PreparedByItsTokens implements IResolvable {
  public readonly creationStack: string[] = [];
  private tokens?: unknown[];
  /** The body as resolved in each stack since the last preparing resolution (this synthesis). */
  private readonly renderedIn = new Map<Stack, unknown>();

  constructor(private readonly rendered: string, private readonly findTokens: () => unknown[]) {}

  public resolve(context: IResolveContext): unknown {
    if (context.preparing) {
      // Each synthesis prepares (the searches for references) before it renders: a new synthesis renders afresh.
      this.renderedIn.clear();
      this.tokens ??= this.findTokens();
      return this.tokens;
    }
    const stack = Stack.of(context.scope);
    if (!this.renderedIn.has(stack)) this.renderedIn.set(stack, context.resolve(this.rendered));
    return this.renderedIn.get(stack);
  }

  public toString(): string {
    return Token.asString(this);
  }
}

/** Every token in `value` (a widget's JSON: strings, numbers, lists and objects that may hold tokens), each once. */
function tokensIn(value: unknown, found = new Set<unknown>()): unknown[] {
  if (typeof value === 'string') {
    if (Token.isUnresolved(value)) Tokenization.reverseString(value).tokens.forEach((t) => found.add(t));
  } else if (typeof value === 'number') {
    const token = Tokenization.reverseNumber(value);
    if (token) found.add(token);
  } else if (Array.isArray(value)) {
    const token = value.length === 1 && typeof value[0] === 'string' ? Tokenization.reverseList(value) : undefined;
    if (token) found.add(token);
    else value.forEach((v) => tokensIn(v, found));
  } else if (Tokenization.isResolvable(value)) {
    found.add(value);
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      tokensIn(key, found);
      tokensIn(v, found);
    }
  }
  return [...found];
}
