import { CfnResource, IResolvable, IResolveContext, Token, Tokenization } from 'aws-cdk-lib';
import { Dashboard, IWidget } from 'aws-cdk-lib/aws-cloudwatch';
import type { RegionalCell } from './regional-cell';

/**
 * Lets the searches for references skip rendering the body of dashboard `id` of `cell`, built from `rows`. aws-cdk-lib
 * renders a dashboard's body (every widget's JSON, stringified value by value) at each resolution of the template: the
 * topology's cross-stack check and aws-cdk-lib's own reference resolution (both "preparing": they keep the references
 * they meet and discard the rendering), the template, tree.json. In a preparing resolution the body now stands for the
 * tokens its widgets hold, which that resolution resolves in turn, meeting the same references; any other resolution
 * renders the body exactly as before.
 */
export function searchedByItsTokens(cell: RegionalCell, id: string, rows: IWidget[][]): void {
  const resource = (cell.node.findChild(id) as Dashboard).node.defaultChild as CfnResource & { dashboardBody: string };
  resource.dashboardBody = Token.asString(new PreparedByItsTokens(resource.dashboardBody, () => tokensIn(rows.flat().map((w) => w.toJson()))));
}

class PreparedByItsTokens implements IResolvable {
  public readonly creationStack: string[] = [];
  private tokens?: unknown[];

  constructor(private readonly rendered: string, private readonly findTokens: () => unknown[]) {}

  public resolve(context: IResolveContext): unknown {
    if (!context.preparing) return this.rendered;
    this.tokens ??= this.findTokens();
    return this.tokens;
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
