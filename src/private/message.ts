/**
 * The one shape of every configuration error, for the constructs (src/private/errors.ts) and for the runtime client
 * (src/runtime/errors.ts), which must not load aws-cdk-lib: so this module imports nothing.
 * `[where] invalid <setting> <value as given>: <problem>. Allowed: ... Fix: ...`
 */

/**
 * What a configuration error must tell the user: the setting and its value, what is wrong, what is allowed, and how
 * to fix it.
 */
export interface ConfigErrorDetails {
  /** The prop or option at fault, as the user wrote it (e.g. `regions`, `targets[1].functionName`). */
  readonly setting: string;
  /** The offending value, as given. */
  readonly value: unknown;
  /** What is wrong with it. */
  readonly problem: string;
  /** What would be accepted. */
  readonly allowed: string;
  /** The concrete change that makes it pass. */
  readonly fix: string;
}

/** The message for a bad setting at `where` (a construct path, or `FailoverInvoker`). */
export function configMessage(where: string, details: ConfigErrorDetails, render: (value: unknown) => string): string {
  return `[${where}] invalid ${details.setting} ${render(details.value)}: ${details.problem}. ` +
    `Allowed: ${details.allowed}. Fix: ${details.fix}.`;
}

/**
 * Renders a value the way the user would have typed it: `NaN`, `Infinity` and `-1` as numbers (never `null`), strings
 * quoted, lists and plain objects field by field, functions as `[function]`. Other objects go to `renderObject`
 * (default: `[ClassName]`), which also renders them inside lists and plain objects.
 */
export function renderPlainValue(value: unknown, renderObject: (value: object) => string = className): string {
  const render = (inner: unknown): string => renderPlainValue(inner, renderObject);
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'function') return '[function]';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined);
    // A key that is not an identifier (a region name such as 'us-east-1') is quoted, as TypeScript needs it.
    const key = (k: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : render(k));
    return fields.length === 0 ? '{}' : `{ ${fields.map(([k, v]) => `${key(k)}: ${render(v)}`).join(', ')} }`;
  }
  return renderObject(value);
}

function className(value: object): string {
  return `[${value.constructor?.name ?? 'object'}]`;
}
