/**
 * The one renderer of a synthesized state machine's Amazon States Language definition: CDK writes the
 * DefinitionString as `{ 'Fn::Join': ['', [...literal JSON..., { 'Fn::GetAtt': [...] }, ...]] }`, and both the
 * resilience rule pack and the test harness need it back as JSON. The caller decides what each remaining
 * intrinsic (Ref, GetAtt, ...) becomes, knowing whether it stands inside a JSON string.
 * Private: never exported from the library's index.
 */

/** What an intrinsic becomes in the definition text; `inString` says whether it stands inside a JSON string. */
export type TokenRenderer = (token: unknown, inString: boolean) => string;

/**
 * The definition text of a rendered DefinitionString: `Fn::Join` and `Fn::Sub` (its template text) are joined,
 * `${name}` DefinitionSubstitutions applied to the literal text, and every other intrinsic given to `renderToken`.
 */
export function renderDefinitionText(definitionString: unknown, substitutions: Record<string, unknown>,
  renderToken: TokenRenderer): string {
  const writer = new DefinitionWriter(substitutions, renderToken);
  writer.write(definitionString);
  return writer.result;
}

/** A short, JSON-string-safe name for an intrinsic: `Ref:Foo`, `Fn::GetAtt:Foo.Arn`, `Fn::If`. */
export function describeToken(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const [key, arg] = Object.entries(value)[0] ?? ['token', undefined];
    const detail = typeof arg === 'string' ? arg : Array.isArray(arg) && arg.every((a) => typeof a === 'string') ? arg.join('.') : '';
    return `${key}${detail ? `:${detail}` : ''}`.replace(/["\\]/g, '');
  }
  return 'token';
}

class DefinitionWriter {
  private text = '';
  private inString = false;
  private escaped = false;

  constructor(private readonly substitutions: Record<string, unknown>, private readonly renderToken: TokenRenderer) {}

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
      this.raw(this.renderToken(value, this.inString));
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
        this.raw(this.renderToken(value, this.inString));
      }
      last = match.index! + match[0].length;
    }
    this.raw(text.slice(last));
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
