import { App, Duration, Lazy, Size, Stack } from 'aws-cdk-lib';
import { renderValue } from '../../src/private/errors';
import {
  checkDomainName, checkDuration, checkIgnored, checkInstance, checkKnownDuration, checkList, checkName, checkNumber, checkOneOf, checkSize,
} from '../../src/private/validate';

const scope = new Stack(new App(), 'Scope');
const FORMAT = /^\[Scope\] invalid \S+ .+: .+\. Allowed: .+\. Fix: .+\.$/;

describe('renderValue', () => {
  test.each([
    [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'], [-1, '-1'], [-0, '-0'], [1.5, '1.5'],
    ['', "''"], [null, 'null'], [undefined, 'undefined'], [[1, 'a'], "[1, 'a']"],
    [Duration.millis(1500), 'Duration.millis(1500)'], [{ min: NaN, max: 2 }, '{ min: NaN, max: 2 }'],
    [Size.gibibytes(20), 'Size.gibibytes(20)'], [Size.kibibytes(1536), 'Size.kibibytes(1536)'],
    [{}, '{}'], [{ 'us-east-1': 2, 'eu-west-1': 0 }, "{ 'us-east-1': 2, 'eu-west-1': 0 }"],
  ])('renders %p as %s', (value, rendered) => {
    expect(renderValue(value)).toBe(rendered);
  });
});

describe('checkNumber', () => {
  test.each([
    ['NaN', NaN, /invalid n NaN: a number is required/],
    ['Infinity', Infinity, /invalid n Infinity: the value must be finite/],
    ['a fraction', 1.5, /invalid n 1.5: a whole number is required/],
    ['below the minimum', 0, /invalid n 0: the value is below 1\. Allowed: a whole number from 1 to 10/],
    ['above the maximum', 11, /invalid n 11: the value is above 10/],
    ['a string', '3', /invalid n '3': a number is required/],
  ])('fails when the value is %s', (_, value, message) => {
    expect(() => checkNumber(scope, 'n', value, { min: 1, max: 10 })).toThrow(message);
    expect(() => checkNumber(scope, 'n', value, { min: 1, max: 10 })).toThrow(FORMAT);
  });
  test.each([
    ['NaN', NaN], ['a fraction', 1.5], ['below the minimum', -1],
  ])('fails when the value is %s, stating the rule\'s own problem when it has one', (_, value) => {
    expect(() => checkNumber(scope, 'n', value, { min: 0, max: 9, problem: 'the service would reject it' }))
      .toThrow(new RegExp(`invalid n ${String(value)}: the service would reject it\\. Allowed: a whole number from 0 to 9`));
  });
  test('accepts the edges and fractions where allowed, and lets tokens through', () => {
    expect(checkNumber(scope, 'n', 1, { min: 1, max: 10 })).toBe(1);
    expect(checkNumber(scope, 'n', 10, { min: 1, max: 10 })).toBe(10);
    expect(checkNumber(scope, 'n', 0.5, { min: 0, max: 1, integer: false })).toBe(0.5);
    const token = Lazy.number({ produce: () => 3 });
    expect(checkNumber(scope, 'n', token, { min: 1, max: 2 })).toBe(token);
  });
});

describe('checkDuration', () => {
  test.each([
    ['a fraction of the unit', Duration.millis(1500), /invalid t Duration\.millis\(1500\): the service counts whole seconds, and this is 1\.5 seconds/],
    ['zero', Duration.seconds(0), /invalid t Duration\.seconds\(0\): the duration is shorter than 1 second/],
    ['NaN', Duration.seconds(NaN), /invalid t Duration\.seconds\(NaN\): the duration must be finite/],
    ['Infinity', Duration.seconds(Infinity), /invalid t Duration\.seconds\(Infinity\): the duration must be finite/],
    ['over the maximum', Duration.minutes(16), /invalid t Duration\.minutes\(16\): the duration is longer than 15 minutes/],
    ['not a Duration', 30, /invalid t 30: a Duration is required/],
  ])('fails when the duration is %s', (_, value, message) => {
    const check = () => checkDuration(scope, 't', value as Duration, { unit: 'seconds', max: Duration.minutes(15) });
    expect(check).toThrow(message);
    expect(check).toThrow(FORMAT);
  });
  test('returns the whole number of units at the edges', () => {
    expect(checkDuration(scope, 't', Duration.seconds(1), { unit: 'seconds', max: Duration.minutes(15) })).toBe(1);
    expect(checkDuration(scope, 't', Duration.minutes(15), { unit: 'seconds', max: Duration.minutes(15) })).toBe(900);
    expect(checkDuration(scope, 't', Duration.days(7), { unit: 'days' })).toBe(7);
  });
});

describe('checkKnownDuration', () => {
  const rule = { unit: 'seconds' as const, min: Duration.seconds(0), computedAtSynth: 'the objective is compared at synth' };
  test.each([
    ['a token', Duration.seconds(Lazy.number({ produce: () => 5 })), /invalid t '<a token>': the objective is compared at synth, so the duration must be known at synth\. Allowed: a literal Duration/],
    ['a fraction of the unit', Duration.millis(1500), /invalid t Duration\.millis\(1500\): the service counts whole seconds/],
    ['not a Duration', 30, /invalid t 30: a Duration is required/],
  ])('fails when the duration is %s', (_, value, message) => {
    const check = () => checkKnownDuration(scope, 't', value as Duration, rule);
    expect(check).toThrow(message);
    expect(check).toThrow(FORMAT);
  });
  test('accepts a known duration at the edge and returns its units', () => {
    expect(checkKnownDuration(scope, 't', Duration.seconds(0), rule)).toBe(0);
    expect(checkKnownDuration(scope, 't', Duration.minutes(2), rule)).toBe(120);
  });
});

describe('checkSize', () => {
  test.each([
    ['a fraction of the unit', Size.kibibytes(1536), /invalid s Size\.kibibytes\(1536\): the service counts whole mebibytes, and this is 1\.5 mebibytes/],
    ['below the minimum', Size.mebibytes(256), /invalid s Size\.mebibytes\(256\): the size is below 512 mebibytes\. Allowed: a whole number of mebibytes from 512 to 10240/],
    ['above the maximum', Size.gibibytes(11), /invalid s Size\.gibibytes\(11\): the size is above 10240 mebibytes/],
    ['Infinity', Size.mebibytes(Infinity), /invalid s Size\.mebibytes\(Infinity\): the size must be finite/],
    ['not a Size', 1024, /invalid s 1024: a Size is required/],
  ])('fails when the size is %s', (_, value, message) => {
    const check = () => checkSize(scope, 's', value as Size, { unit: 'mebibytes', min: 512, max: 10_240 });
    expect(check).toThrow(message);
    expect(check).toThrow(FORMAT);
  });
  test('returns the whole number of units at the edges', () => {
    expect(checkSize(scope, 's', Size.mebibytes(512), { unit: 'mebibytes', min: 512, max: 10_240 })).toBe(512);
    expect(checkSize(scope, 's', Size.gibibytes(10), { unit: 'mebibytes', min: 512, max: 10_240 })).toBe(10_240);
  });
});

describe('checkOneOf', () => {
  test('fails outside the set and names the set', () => {
    expect(() => checkOneOf(scope, 'days', 45, [30, 60], 'CloudWatch Logs keeps logs for fixed periods'))
      .toThrow(/invalid days 45: CloudWatch Logs keeps logs for fixed periods\. Allowed: one of 30, 60\./);
  });
  test('accepts a member', () => {
    expect(checkOneOf(scope, 'days', 30, [30, 60], 'why')).toBe(30);
  });
});

describe('checkName', () => {
  const rule = {
    maxLength: 64,
    pattern: /^[A-Za-z0-9_-]+$/,
    characters: 'letters, digits, hyphens and underscores',
    derived: [{ what: 'the health function name', derive: (n: string) => `${n}-health`, maxLength: 64, pattern: /^[A-Za-z0-9_-]+$/, characters: 'letters' }],
  };
  test('fails when a derived name would pass its limit, and says how short the user name must be', () => {
    const name = 'a'.repeat(58);
    expect(() => checkName(scope, 'functionName', name, rule))
      .toThrow(/the health function name 'a{58}-health' would have 65 characters, over its limit of 64\. Allowed: letters, digits, hyphens and underscores, 1 to 57 characters\. Fix: shorten functionName to 57 characters or fewer\./);
  });
  test('fails on an empty name and on a character the service refuses', () => {
    expect(() => checkName(scope, 'functionName', '', rule)).toThrow(/invalid functionName '': a name is required/);
    expect(() => checkName(scope, 'functionName', 'a.b', rule)).toThrow(/invalid functionName 'a\.b': the name may only contain letters/);
  });
  test('adds the hint to every fix', () => {
    expect(() => checkName(scope, 'functionName', 'a.b', { ...rule, hint: 'it defaults to <serviceName>-<id>' }))
      .toThrow(/Fix: remove the other characters from functionName; it defaults to <serviceName>-<id>\.$/);
  });
  test('fails when the name is shorter than the service allows, and accepts the shortest', () => {
    const short = { ...rule, minLength: 3 };
    expect(() => checkName(scope, 'tableName', 'ab', short))
      .toThrow(/invalid tableName 'ab': the name has 2 characters\. Allowed: letters, digits, hyphens and underscores, 3 to 57 characters\. Fix: lengthen tableName to 3 characters or more\./);
    expect(checkName(scope, 'tableName', 'abc', short)).toBe('abc');
  });
  test('fails with the rule\'s own fix when it has one (a name defaulted from something else)', () => {
    const defaulted = { ...rule, fix: 'pass a functionName, or rename the construct' };
    expect(() => checkName(scope, 'functionName', 'a.b', defaulted)).toThrow(/the name may only contain letters.*Fix: pass a functionName, or rename the construct\.$/);
    expect(() => checkName(scope, 'functionName', 'a'.repeat(58), defaulted)).toThrow(/over its limit of 64.*Fix: pass a functionName, or rename the construct\.$/);
  });
  test('accepts the longest legal name', () => {
    expect(checkName(scope, 'functionName', 'a'.repeat(57), rule)).toBe('a'.repeat(57));
  });
});

describe('checkList', () => {
  test('fails when too short, too long or repeated', () => {
    expect(() => checkList(scope, 'errors', [], { minItems: 1 })).toThrow(/invalid errors \[\]: the list has 0 items/);
    expect(() => checkList(scope, 'gsis', Array(21).fill(0).map((_, i) => i), { maxItems: 20 })).toThrow(/the list has 21 items/);
    expect(() => checkList(scope, 'targets', ['a', 'a'], { unique: true })).toThrow(/invalid targets \['a', 'a'\]: a appears more than once/);
  });
  test('accepts a list within its limits', () => {
    expect(checkList(scope, 'targets', ['a', 'b'], { minItems: 1, maxItems: 2, unique: true })).toEqual(['a', 'b']);
  });
});

describe('checkDomainName', () => {
  const rule = {
    maxLength: 64,
    why: 'ACM',
    minLabels: 2,
    derived: [{ what: 'the regional name', derive: (n: string) => `ap-southeast-1.${n}`, maxLength: 253 }],
  };
  test.each([
    ['empty', '', /invalid name '': a domain name is required/],
    ['a character DNS refuses', 'a_b.example.com', /invalid name 'a_b\.example\.com': the name has the label 'a_b', which may only contain letters, digits and hyphens/],
    ['two dots in a row', 'a..example.com', /the name has an empty label/],
    ['a label over 63 characters', `${'a'.repeat(64)}.com`, /the name has a label of 64 characters, over DNS's limit of 63/],
    ['a label with a leading hyphen', '-a.example.com', /the label '-a', which starts or ends with a hyphen/],
    ['too few labels', 'localhost', /the name has 1 label\(s\), fewer than 2/],
    ['over the service limit', `${'a'.repeat(53)}.example.com`, /the name has 65 characters, over the limit of 64 \(ACM\)\. Allowed: .*up to 64 characters\. Fix: shorten name to 64/],
    ['not a string', 42, /invalid name 42: a domain name is required/],
  ])('fails when the name is %s', (_, value, message) => {
    expect(() => checkDomainName(scope, 'name', value, rule)).toThrow(message);
    expect(() => checkDomainName(scope, 'name', value, rule)).toThrow(FORMAT);
  });
  test('fails when a derived name would pass its limit', () => {
    const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(52)}.com`;
    expect(long).toHaveLength(248);
    expect(() => checkDomainName(scope, 'name', long, { derived: rule.derived }))
      .toThrow(/the regional name 'ap-southeast-1\.a{63}\.b{63}\.c{63}\.d{52}\.com' would have 263 characters, over its limit of 253\. Allowed: .*up to 238 characters\. Fix: shorten name to 238 characters or fewer\./);
  });
  test('accepts the longest legal name, upper case and a trailing dot, and lets tokens through', () => {
    const longest = `${'a'.repeat(52)}.example.com`;
    expect(checkDomainName(scope, 'name', longest, rule)).toBe(longest);
    expect(checkDomainName(scope, 'name', 'API.Example.com.', rule)).toBe('api.example.com');
    const token = Lazy.string({ produce: () => 'x' });
    expect(checkDomainName(scope, 'name', token, rule)).toBe(token);
  });
});

describe('checkIgnored', () => {
  const rule = { because: 'the feature is off', allowed: 'no value while the feature is off', fix: 'remove x, or turn the feature on' };
  test.each([
    ['a number', 5, /^\[Scope\] invalid x 5: it does nothing: the feature is off\. Allowed: no value while the feature is off\. Fix: remove x, or turn the feature on\.$/],
    ['an empty string', '', /invalid x '': it does nothing/],
    ['false', false, /invalid x false: it does nothing/],
  ])('fails when the ignored setting is %s', (_, value, message) => {
    expect(() => checkIgnored(scope, 'x', value, rule)).toThrow(message);
  });
  test('accepts an unset setting', () => {
    expect(() => checkIgnored(scope, 'x', undefined, rule)).not.toThrow();
  });
});

describe('checkInstance', () => {
  class Shape { public static circle(): Shape { return new Shape(); } }
  test.each([
    ['a string', 'circle', /^\[Scope\] invalid shape 'circle': it is not a Shape\. Allowed: Shape\.circle\(\)\. Fix: build shape with Shape\.circle\(\)\.$/],
    ['a plain object', { kind: 'circle' }, /invalid shape \{ kind: 'circle' \}: it is not a Shape/],
    ['undefined', undefined, /invalid shape undefined: it is not a Shape/],
  ])('fails when the value is %s', (_, value, message) => {
    expect(() => checkInstance(scope, 'shape', value, Shape, 'Shape.circle()')).toThrow(message);
  });
  test('accepts an instance and returns it', () => {
    const shape = Shape.circle();
    expect(checkInstance(scope, 'shape', shape, Shape, 'Shape.circle()')).toBe(shape);
  });
});
