import { Duration, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { configError } from './errors';

/**
 * Shared checks for props: whole numbers, durations, sizes, one-of sets, names (with the suffixes the library
 * appends) and lists. A new prop gets the same checks and the same message shape by calling these:
 * `[path] invalid <prop> <value as given>: <problem>. Allowed: ... Fix: ...`.
 *
 * Every check lets unresolved tokens through untouched (their value is only known at deploy time) and
 * returns the value it checked, so a validator can write `const timeout = checkDuration(...)`.
 */

/** How a number must look. */
export interface NumberRule {
  /** Smallest allowed value (inclusive). */
  readonly min?: number;
  /** Largest allowed value (inclusive). */
  readonly max?: number;
  /** Whether only whole numbers are allowed. Default: true. */
  readonly integer?: boolean;
  /** What the number counts, for the message (e.g. 'days', 'requests per second'). */
  readonly unit?: string;
  /** Why the limit exists (the service that enforces it). */
  readonly why?: string;
  /**
   * One problem to state for every failure (e.g. 'Step Functions would reject this retrier'), in place of the
   * specific one; `Allowed` still says the range. Default: the specific problem (not a number, a fraction, ...).
   */
  readonly problem?: string;
  /** The fix to suggest. Default: "set <setting> within the allowed range". */
  readonly fix?: string;
}

/** Checks that `value` is a finite number within `rule`, and returns it. */
export function checkNumber(scope: IConstruct, setting: string, value: unknown, rule: NumberRule = {}): number {
  if (Token.isUnresolved(value)) return value as number;
  const integer = rule.integer ?? true;
  const allowed = describeRange(rule, integer);
  const fail = (specific: string): Error => {
    const problem = rule.problem ?? specific;
    return configError(scope, {
      setting,
      value,
      problem: rule.why ? `${problem} (${rule.why})` : problem,
      allowed,
      fix: rule.fix ?? `set ${setting} to ${allowed}`,
    });
  };
  if (typeof value !== 'number' || Number.isNaN(value)) throw fail('a number is required');
  if (!Number.isFinite(value)) throw fail('the value must be finite');
  if (integer && !Number.isInteger(value)) throw fail('a whole number is required');
  if (rule.min !== undefined && value < rule.min) throw fail(`the value is below ${rule.min}`);
  if (rule.max !== undefined && value > rule.max) throw fail(`the value is above ${rule.max}`);
  return value;
}

function describeRange(rule: NumberRule, integer: boolean): string {
  const kind = integer ? 'a whole number' : 'a number';
  const unit = rule.unit ? ` of ${rule.unit}` : '';
  if (rule.min !== undefined && rule.max !== undefined) return `${kind}${unit} from ${rule.min} to ${rule.max}`;
  if (rule.min !== undefined) return `${kind}${unit} of at least ${rule.min}`;
  if (rule.max !== undefined) return `${kind}${unit} of at most ${rule.max}`;
  return `a finite ${kind.replace(/^an? /, '')}${unit}`;
}

/** A duration unit, as aws-cdk-lib's `Duration` factories name them. */
export type DurationUnit = 'millis' | 'seconds' | 'minutes' | 'hours' | 'days';

const MILLIS_PER: Record<DurationUnit, number> = { millis: 1, seconds: 1_000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/** How a duration must look. */
export interface DurationRule {
  /** The unit the service counts in: the duration must be a whole number of these. */
  readonly unit: DurationUnit;
  /** Shortest allowed duration (inclusive). Default: one `unit`. */
  readonly min?: Duration;
  /** Longest allowed duration (inclusive). */
  readonly max?: Duration;
  /** Why the limit exists (the service that enforces it). */
  readonly why?: string;
  /** The fix to suggest. */
  readonly fix?: string;
}

/**
 * Checks that `duration` is a finite, whole number of `rule.unit` within the bounds, and returns
 * that number (so `checkDuration(..., { unit: 'seconds' })` returns the seconds CloudFormation wants).
 */
export function checkDuration(scope: IConstruct, setting: string, duration: Duration | undefined, rule: DurationRule): number {
  const min = rule.min ?? durationOf(1, rule.unit);
  const allowed = `a whole number of ${rule.unit}${rangeText(min, rule.max)}`;
  const fail = (value: unknown, problem: string): Error => configError(scope, {
    setting,
    value,
    problem: rule.why ? `${problem} (${rule.why})` : problem,
    allowed,
    fix: rule.fix ?? `set ${setting} to ${allowed}, for example ${durationOf(Math.max(1, Math.round(min.toMilliseconds({ integral: false }) / MILLIS_PER[rule.unit])), rule.unit)}`,
  });
  if (!(duration instanceof Duration)) throw fail(duration, 'a Duration is required');
  if (duration.isUnresolved()) return duration.toMilliseconds() / MILLIS_PER[rule.unit];
  const millis = duration.toMilliseconds({ integral: false });
  if (!Number.isFinite(millis)) throw fail(duration, 'the duration must be finite');
  const amount = millis / MILLIS_PER[rule.unit];
  if (!Number.isInteger(amount)) throw fail(duration, `the service counts whole ${rule.unit}, and this is ${amount} ${rule.unit}`);
  if (millis < min.toMilliseconds({ integral: false })) throw fail(duration, `the duration is shorter than ${min.toHumanString()}`);
  if (rule.max && millis > rule.max.toMilliseconds({ integral: false })) throw fail(duration, `the duration is longer than ${rule.max.toHumanString()}`);
  return amount;
}

/** How a duration that synth computes with must look: `checkDuration`'s rule, and why it must be known at synth. */
export interface KnownDurationRule extends DurationRule {
  /** What synth computes from the duration (`the failover time is computed at synth`), said when it is a token. */
  readonly computedAtSynth: string;
}

/**
 * `checkDuration` for a duration that synth computes with (an objective compared with a model, a TTL written into
 * records): a token is refused as well, since its value is known only at deploy time.
 */
export function checkKnownDuration(scope: IConstruct, setting: string, duration: Duration | undefined, rule: KnownDurationRule): number {
  if (duration instanceof Duration && duration.isUnresolved()) {
    throw configError(scope, {
      setting,
      value: '<a token>',
      problem: `${rule.computedAtSynth}, so the duration must be known at synth`,
      allowed: 'a literal Duration, e.g. Duration.seconds(10)',
      fix: `pass ${setting} as Duration.seconds(...) of a number`,
    });
  }
  return checkDuration(scope, setting, duration, rule);
}

/** A size unit, as aws-cdk-lib's `Size` factories name them. */
export type SizeUnit = 'kibibytes' | 'mebibytes' | 'gibibytes';

/** How a size must look. */
export interface SizeRule {
  /** The unit the service counts in: the size must be a whole number of these. */
  readonly unit: SizeUnit;
  /** Smallest allowed amount of `unit` (inclusive). */
  readonly min: number;
  /** Largest allowed amount of `unit` (inclusive). */
  readonly max?: number;
  /** Why the limit exists (the service that enforces it). */
  readonly why?: string;
}

const SIZE_CONVERTERS: Record<SizeUnit, (size: Size) => number> = {
  kibibytes: (size) => size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }),
  mebibytes: (size) => size.toMebibytes({ rounding: SizeRoundingBehavior.NONE }),
  gibibytes: (size) => size.toGibibytes({ rounding: SizeRoundingBehavior.NONE }),
};

/**
 * Checks that `size` is a finite, whole number of `rule.unit` within the bounds, and returns that number
 * (so `checkSize(..., { unit: 'mebibytes', ... })` returns the MiB CloudFormation wants).
 */
export function checkSize(scope: IConstruct, setting: string, size: Size | undefined, rule: SizeRule): number {
  const range = rule.max !== undefined ? ` from ${rule.min} to ${rule.max}` : ` of at least ${rule.min}`;
  const allowed = `a whole number of ${rule.unit}${range}`;
  const fail = (problem: string): Error => configError(scope, {
    setting,
    value: size,
    problem: rule.why ? `${problem} (${rule.why})` : problem,
    allowed,
    fix: `set ${setting} to ${allowed}, for example Size.${rule.unit}(${rule.min})`,
  });
  if (!(size instanceof Size)) throw fail('a Size is required');
  if (size.isUnresolved()) return SIZE_CONVERTERS[rule.unit](size);
  const amount = SIZE_CONVERTERS[rule.unit](size);
  if (!Number.isFinite(amount)) throw fail('the size must be finite');
  if (!Number.isInteger(amount)) throw fail(`the service counts whole ${rule.unit}, and this is ${amount} ${rule.unit}`);
  if (amount < rule.min) throw fail(`the size is below ${rule.min} ${rule.unit}`);
  if (rule.max !== undefined && amount > rule.max) throw fail(`the size is above ${rule.max} ${rule.unit}`);
  return amount;
}

function durationOf(amount: number, unit: DurationUnit): Duration {
  return Duration[unit](amount);
}

function rangeText(min: Duration, max: Duration | undefined): string {
  return max ? ` from ${min.toHumanString()} to ${max.toHumanString()}` : ` of at least ${min.toHumanString()}`;
}

/** Checks that `value` is one of `allowed` (compared with ===), and returns it. */
export function checkOneOf<T>(scope: IConstruct, setting: string, value: T, allowed: readonly T[], why: string, fix?: string): T {
  if (Token.isUnresolved(value) || allowed.includes(value)) return value;
  throw configError(scope, {
    setting,
    value: typeof value === 'object' && value !== null ? String(value) : value,
    problem: why,
    allowed: `one of ${allowed.join(', ')}`,
    fix: fix ?? `choose one of the allowed values for ${setting}`,
  });
}

/**
 * A name the library derives from the user's name, and the rules of the service that receives it.
 * Checked where the user's name is taken, so the error speaks of the user's prop.
 */
export interface DerivedName {
  /** What the derived name is (e.g. 'the health function name'). */
  readonly what: string;
  /** Builds the derived name from the user's name. */
  readonly derive: (name: string) => string;
  /** The service's longest name. */
  readonly maxLength: number;
  /** The service's character set, matched against the whole derived name. */
  readonly pattern: RegExp;
  /** The character set in words (e.g. 'letters, digits, hyphens and underscores'). */
  readonly characters: string;
}

/** How a user-given name must look, with every name the library derives from it. */
export interface NameRule {
  /** The shortest name the user's own service accepts. Default: 1. */
  readonly minLength?: number;
  /** The longest name the user's own service accepts. */
  readonly maxLength: number;
  /** The user's name's character set, matched against the whole name. */
  readonly pattern: RegExp;
  /** The character set in words. */
  readonly characters: string;
  /** Names derived from it (suffixes, prefixes), each with its service's rules. */
  readonly derived?: DerivedName[];
  /** Added to every fix, for example where a defaulted name comes from. */
  readonly hint?: string;
  /** The fix to suggest for every failure, in place of the per-failure ones (e.g. when the name was defaulted). */
  readonly fix?: string;
}

/**
 * Checks a user-given name and every name derived from it, and returns the name.
 * The length allowed is the shortest that keeps every derived name within its limit.
 */
export function checkName(scope: IConstruct, setting: string, name: unknown, rule: NameRule): string {
  if (Token.isUnresolved(name)) return name as string;
  const derived = rule.derived ?? [];
  const longest = Math.min(rule.maxLength, ...derived.map((d) => d.maxLength - (d.derive('').length)));
  const shortest = rule.minLength ?? 1;
  const allowed = `${rule.characters}, ${shortest} to ${longest} characters`;
  const fail = (problem: string, fix: string): Error => {
    const chosen = rule.fix ?? fix;
    return configError(scope, { setting, value: name, problem, allowed, fix: rule.hint ? `${chosen}; ${rule.hint}` : chosen });
  };
  if (typeof name !== 'string' || name.length === 0) throw fail('a name is required', `set ${setting}`);
  if (name.length < shortest) throw fail(`the name has ${name.length} characters`, `lengthen ${setting} to ${shortest} characters or more`);
  if (!rule.pattern.test(name)) throw fail(`the name may only contain ${rule.characters}`, `remove the other characters from ${setting}`);
  if (name.length > rule.maxLength) throw fail(`the name has ${name.length} characters`, `shorten ${setting} to ${rule.maxLength} characters or fewer`);
  for (const d of derived) {
    const full = d.derive(name);
    if (full.length > d.maxLength) {
      throw fail(`${d.what} '${full}' would have ${full.length} characters, over its limit of ${d.maxLength}`,
        `shorten ${setting} to ${name.length - (full.length - d.maxLength)} characters or fewer`);
    }
    if (!d.pattern.test(full)) {
      throw fail(`${d.what} '${full}' may only contain ${d.characters}`, `use only ${d.characters} in ${setting}`);
    }
  }
  return name;
}

/** How a list must look. */
export interface ListRule {
  /** Fewest items. Default: 0. */
  readonly minItems?: number;
  /** Most items. */
  readonly maxItems?: number;
  /** Whether items must be distinct (by `key`). Default: false. */
  readonly unique?: boolean;
  /** What makes two items the same. Default: the item itself. */
  readonly key?: (item: any) => unknown;
  /** Why the limits exist. */
  readonly why?: string;
}

/** Checks the size and distinctness of a list, and returns it. */
export function checkList<T>(scope: IConstruct, setting: string, list: readonly T[] | undefined, rule: ListRule): readonly T[] {
  const items = list ?? [];
  if (!Array.isArray(items)) {
    throw configError(scope, { setting, value: items, problem: 'a list is required', allowed: 'an array', fix: `pass ${setting} as an array` });
  }
  const why = rule.why ? ` (${rule.why})` : '';
  const sizes = `${rule.minItems ?? 0} to ${rule.maxItems ?? 'any number of'} items`;
  if (rule.minItems !== undefined && items.length < rule.minItems) {
    throw configError(scope, { setting, value: items, problem: `the list has ${items.length} items${why}`, allowed: sizes, fix: `give ${setting} at least ${rule.minItems} item(s)` });
  }
  if (rule.maxItems !== undefined && items.length > rule.maxItems) {
    throw configError(scope, { setting, value: items, problem: `the list has ${items.length} items${why}`, allowed: sizes, fix: `give ${setting} at most ${rule.maxItems} items` });
  }
  if (rule.unique) {
    const key = rule.key ?? ((item: T) => item);
    const seen = new Set<unknown>();
    for (const item of items) {
      const k = key(item);
      if (seen.has(k)) {
        throw configError(scope, { setting, value: items, problem: `${String(k)} appears more than once${why}`, allowed: 'distinct items', fix: `remove the repeated ${String(k)} from ${setting}` });
      }
      seen.add(k);
    }
  }
  return items;
}

/** How a domain name must look, with every name the library derives from it. */
export interface DomainNameRule {
  /** The longest name the receiving service accepts (without a trailing dot). Default: 253, DNS's limit. */
  readonly maxLength?: number;
  /** Why `maxLength` is lower than DNS's limit (the service that enforces it). */
  readonly why?: string;
  /** Fewest labels (e.g. 2 for a name below a top-level domain). Default: 1. */
  readonly minLabels?: number;
  /** Names derived from it (prefixed labels), each with its service's longest name; checked with the same rules. */
  readonly derived?: { readonly what: string; readonly derive: (name: string) => string; readonly maxLength: number }[];
}

const DNS_MAX_LENGTH = 253;
const DNS_MAX_LABEL = 63;
const DNS_LABEL_CHARACTERS = /^[a-z0-9-]+$/;

/**
 * Checks a domain name (case-insensitive, an optional trailing dot) and every name derived from it: letters, digits
 * and hyphens in dot-separated labels of 1 to 63 characters that neither start nor end with a hyphen, within the
 * length the receiving service allows. Returns the name in lower case without the trailing dot.
 */
export function checkDomainName(scope: IConstruct, setting: string, name: unknown, rule: DomainNameRule = {}): string {
  if (Token.isUnresolved(name)) return name as string;
  const maxLength = rule.maxLength ?? DNS_MAX_LENGTH;
  const derived = rule.derived ?? [];
  const longest = Math.min(maxLength, ...derived.map((d) => d.maxLength - d.derive('').length));
  const allowed = `a domain name of dot-separated labels (letters, digits and hyphens, 1 to ${DNS_MAX_LABEL} characters each, ` +
    `not starting or ending with a hyphen), ${rule.minLabels ?? 1} or more labels, up to ${longest} characters`;
  const fail = (problem: string, fix: string): Error => configError(scope, { setting, value: name, problem, allowed, fix });
  if (typeof name !== 'string' || name.replace(/\.$/, '').length === 0) throw fail('a domain name is required', `set ${setting}`);
  const normalized = name.toLowerCase().replace(/\.$/, '');
  const problemOf = (full: string, what: string): string | undefined => {
    for (const label of full.split('.')) {
      if (label.length === 0) return `${what} has an empty label (two dots in a row, or a leading dot)`;
      if (!DNS_LABEL_CHARACTERS.test(label)) return `${what} has the label '${label}', which may only contain letters, digits and hyphens`;
      if (label.length > DNS_MAX_LABEL) return `${what} has a label of ${label.length} characters, over DNS's limit of ${DNS_MAX_LABEL}`;
      if (label.startsWith('-') || label.endsWith('-')) return `${what} has the label '${label}', which starts or ends with a hyphen`;
    }
    return undefined;
  };
  const own = problemOf(normalized, 'the name');
  if (own) throw fail(own, `correct the label in ${setting}`);
  const labels = normalized.split('.').length;
  if (labels < (rule.minLabels ?? 1)) {
    throw fail(`the name has ${labels} label(s), fewer than ${rule.minLabels}`, `use a fully qualified name in ${setting}`);
  }
  if (normalized.length > maxLength) {
    throw fail(`the name has ${normalized.length} characters, over the limit of ${maxLength}${rule.why ? ` (${rule.why})` : ''}`,
      `shorten ${setting} to ${maxLength} characters or fewer`);
  }
  for (const d of derived) {
    const full = d.derive(normalized);
    const problem = problemOf(full, `${d.what} '${full}'`);
    if (problem) throw fail(problem, `correct ${setting} so that ${d.what} is a valid domain name`);
    if (full.length > d.maxLength) {
      throw fail(`${d.what} '${full}' would have ${full.length} characters, over its limit of ${d.maxLength}`,
        `shorten ${setting} to ${normalized.length - (full.length - d.maxLength)} characters or fewer`);
    }
  }
  return normalized;
}

/** Why a setting does nothing in the configuration it was given in, for `checkIgnored`. */
export interface IgnoredRule {
  /** What makes it do nothing (e.g. 'the endpoint is disabled'). */
  readonly because: string;
  /** When the setting takes effect. */
  readonly allowed: string;
  /** The change that makes the configuration say what it does. */
  readonly fix: string;
}

/**
 * Refuses a setting the rest of the configuration makes do nothing (`value` not undefined): a silent no-op would let
 * the user believe it took effect.
 */
export function checkIgnored(scope: IConstruct, setting: string, value: unknown, rule: IgnoredRule): void {
  if (value === undefined) return;
  throw configError(scope, { setting, value, problem: `it does nothing: ${rule.because}`, allowed: rule.allowed, fix: rule.fix });
}

/**
 * Checks that `value` was made by `type` (a union-like class whose factories build it, or a library class), and returns
 * it: anything else would fail later on a missing method, far from the prop.
 */
export function checkInstance<T>(scope: IConstruct, setting: string, value: unknown, type: { readonly prototype: T; readonly name: string },
  factories: string, typeName: string = type.name): T {
  // `type` may have a private constructor (a union-like class made by its factories only): compare prototypes.
  if (typeof value === 'object' && value !== null && type.prototype !== null && Object.prototype.isPrototypeOf.call(type.prototype, value)) {
    return value as T;
  }
  throw configError(scope, {
    setting,
    value: typeof value === 'object' && value !== null && Object.getPrototypeOf(value) !== Object.prototype ? `<${value.constructor?.name ?? 'object'}>` : value,
    problem: `it is not a ${typeName}`,
    allowed: factories,
    fix: `build ${setting} with ${factories}`,
  });
}
