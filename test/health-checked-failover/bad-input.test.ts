import { App, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { HostedZone, IHostedZone, PublicHostedZone } from 'aws-cdk-lib/aws-route53';
import { build, buildService, routing, zoneProps } from './fixtures';
import {
  FailoverHealthCheck, FailoverRouting, HealthCheckedFailover, HealthCheckedFailoverProps, MultiRegionTopology, ReplicatedCode,
  ReplicatedFunction, ReplicatedFunctionProps,
} from '../../src';
import { TEST_ACCOUNT } from '../harness';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
/** Every configuration error's shape: the construct, the setting and its value, the problem, what is allowed, the fix. */
const FORMAT = /^\[Orders\/Failover\] invalid \S+ .+: .+\. Allowed: .+\. Fix: .+\.$/s;

/** A zone imported into a stack of its own: only its attributes are read. */
/** Props with an HTTPS health check of `options`. */
function https(options: Parameters<typeof FailoverHealthCheck.https>[0]): Partial<HealthCheckedFailoverProps> {
  return { healthCheck: FailoverHealthCheck.https(options) };
}

function importedZone(hostedZoneId: string, zoneName: string): IHostedZone {
  return HostedZone.fromHostedZoneAttributes(new Stack(new App(), 'Zones'), 'Zone', { hostedZoneId, zoneName });
}

describe('HealthCheckedFailover: every class of bad input fails at synth with the setting, its value and the fix', () => {
  const label64 = 'a'.repeat(64);
  test.each<[string, Partial<HealthCheckedFailoverProps>, Partial<ReplicatedFunctionProps>, RegExp]>([
    // Record names: DNS labels and characters, ACM's 64-character limit for the certificate's domain name.
    ['a label of the record name is over 63 characters', { recordName: `${label64}.example.com` }, {},
      /invalid recordName 'a{64}\.example\.com': the name has a label of 64 characters, over DNS's limit of 63\. Allowed: a domain name of dot-separated labels.*up to 64 characters\. Fix: correct the label in recordName\./],
    ['the record name is longer than a certificate\'s domain name may be', { recordName: `${'a'.repeat(53)}.example.com` }, {},
      /invalid recordName 'a{53}\.example\.com': the name has 65 characters, over the limit of 64 \(the name is the domain name of each cell's ACM certificate, which ACM limits to 64 characters\)\. Allowed: .*\. Fix: shorten recordName to 64 characters or fewer\./],
    ['the record name has a character DNS refuses', { recordName: 'api_v1.example.com' }, {},
      /invalid recordName 'api_v1\.example\.com': the name has the label 'api_v1', which may only contain letters, digits and hyphens/],
    ['the record name has an empty label', { recordName: 'api..example.com' }, {}, /invalid recordName 'api\.\.example\.com': the name has an empty label/],
    ['a label of the record name starts with a hyphen', { recordName: '-api.example.com' }, {}, /invalid recordName '-api\.example\.com': the name has the label '-api', which starts or ends with a hyphen/],
    ['the record name is empty', { recordName: '' }, {}, /invalid recordName '': a domain name is required\. Allowed: .*\. Fix: set recordName\./],
    ['the record name is not known at synth', { recordName: Lazy.string({ produce: () => 'api.example.com' }) }, {},
      /invalid recordName '<a token>': every cell's own name, certificate and record derives from the name at synth\. Allowed: a literal fully qualified name below the zone, e\.g\. 'api\.example\.com'\. Fix: pass the name as a string\./],
    // The hosted zone: its id and name known at synth.
    ['the zone\'s id is not known at synth (a zone created in a stack)', { hostedZone: new PublicHostedZone(new Stack(new App(), 'Dns'), 'Zone', { zoneName: 'example.com' }) }, {},
      /invalid hostedZone\.hostedZoneId '<a token>': a Route 53 hosted zone id is upper-case letters and digits, known at synth \(Dns\/Zone\).*Fix: import the zone with HostedZone\.fromHostedZoneAttributes/],
    ['the zone\'s name is not known at synth', { hostedZone: importedZone('Z0123456789ABCDEFGHIJ', Lazy.string({ produce: () => 'example.com' })) }, {},
      /invalid hostedZone\.zoneName '<a token>': the zone's name is not known at synth.*Fix: import the zone with HostedZone\.fromHostedZoneAttributes/],
    ['the zone was imported by id alone', { hostedZone: HostedZone.fromHostedZoneId(new Stack(new App(), 'Dns'), 'Zone', 'Z0123456789ABCDEFGHIJ') }, {},
      /invalid hostedZone\.zoneName '<not given>': the zone Dns\/Zone was imported by id alone.*Fix: import the zone with HostedZone\.fromHostedZoneAttributes/],
    ['the zone\'s name is not a domain name', { hostedZone: importedZone('Z0123456789ABCDEFGHIJ', 'example com') }, {},
      /invalid hostedZone\.zoneName 'example com': the name has the label 'example com', which may only contain letters, digits and hyphens/],
    // TTL and the recovery time objective: known, finite, whole seconds.
    ['the TTL is NaN', { ttl: Duration.seconds(NaN) }, {}, /invalid ttl Duration\.seconds\(NaN\): the duration must be finite\. Allowed: a whole number of seconds of at least 0 seconds/],
    ['the TTL is a fraction of a second', { ttl: Duration.millis(1500) }, {}, /invalid ttl Duration\.millis\(1500\): the service counts whole seconds, and this is 1\.5 seconds/],
    ['the TTL is not known at synth', { ttl: Duration.seconds(Lazy.number({ produce: () => 5 })) }, {},
      /invalid ttl '<a token>': the failover time and the records are computed at synth, so the duration must be known at synth/],
    ['the objective is NaN', { recoveryTimeObjective: Duration.seconds(NaN) }, {},
      /invalid recoveryTimeObjective Duration\.seconds\(NaN\): the duration must be finite \(it is compared with the worst-case failover, in whole seconds\)/],
    ['the objective is zero', { recoveryTimeObjective: Duration.seconds(0) }, {},
      /invalid recoveryTimeObjective Duration\.seconds\(0\): the duration is shorter than 1 second.*Allowed: a whole number of seconds of at least 1 second/],
    ['the objective is a fraction of a second', { recoveryTimeObjective: Duration.millis(40500) }, {},
      /invalid recoveryTimeObjective Duration\.millis\(40500\): the service counts whole seconds, and this is 40\.5 seconds/],
    // HTTPS options: Route 53's intervals and thresholds, the handler's deadline in whole milliseconds, the path.
    ['the interval is a fraction of a second', https({ interval: Duration.millis(10500) }), {},
      /invalid healthCheck\.interval Duration\.millis\(10500\): the service counts whole seconds, and this is 10\.5 seconds \(Route 53 checks every 10 or every 30 seconds\)/],
    ['the interval is a minute', https({ interval: Duration.minutes(1) }), {}, /invalid healthCheck\.interval '1 minute': Route 53 checks every 10 or every 30 seconds\. Allowed: Duration\.seconds\(10\) or Duration\.seconds\(30\)/],
    ['the threshold is NaN', https({ failureThreshold: NaN }), {},
      /invalid healthCheck\.failureThreshold NaN: a number is required \(Route 53 counts 1 to 10 consecutive failures\)/],
    ['the threshold is 0', https({ failureThreshold: 0 }), {}, /invalid healthCheck\.failureThreshold 0: Route 53 counts 1 to 10 consecutive failures\. Allowed: a whole number from 1 to 10/],
    ['the dependency timeout is not whole milliseconds', https({ dependencyTimeout: Duration.millis(500.5) }), {},
      /invalid healthCheck\.dependencyTimeout Duration\.millis\(500\.5\): the service counts whole millis, and this is 500\.5 millis/],
    ['the dependency timeout is below 100 ms', https({ dependencyTimeout: Duration.millis(99) }), {},
      /invalid healthCheck\.dependencyTimeout '99 millis'.*3-second timeout.*Allowed: 100 ms to 1500 ms/],
    ['the cache is NaN', https({ cacheDuration: Duration.millis(NaN) }), {},
      /invalid healthCheck\.cacheDuration Duration\.millis\(NaN\): the duration must be finite \(the health handler counts its cache in milliseconds.*\)\. Allowed: a whole number of millis from 0 millis to 10 seconds\. Fix: leave cacheDuration unset/],
    ['the cache is longer than Route 53\'s fast interval', https({ cacheDuration: Duration.seconds(11) }), {},
      /invalid healthCheck\.cacheDuration Duration\.seconds\(11\): the duration is longer than 10 seconds.*Allowed: a whole number of millis from 0 millis to 10 seconds/],
    ['the cache is not whole milliseconds', https({ cacheDuration: Duration.millis(0.5) }), {},
      /invalid healthCheck\.cacheDuration Duration\.millis\(0\.5\): the service counts whole millis, and this is 0\.5 millis/],
    ['the cache is not known at synth', https({ cacheDuration: Duration.millis(Lazy.number({ produce: () => 5 })) }), {},
      /invalid healthCheck\.cacheDuration '<a token>': the failover time and the records are computed at synth/],
    ['the cache is not a Duration', https({ cacheDuration: 1000 as any }), {},
      /invalid healthCheck\.cacheDuration 1000: a Duration is required/],
    ['the path has a trailing slash', https({ path: '/health/' }), {}, /invalid healthCheck\.path '\/health\/': not a plain route path of its own/],
    ['the path does not start with a slash', https({ path: 'health' }), {}, /invalid healthCheck\.path 'health': not a plain route path/],
    ['the checker regions repeat one', https({ checkerRegions: ['us-east-1', 'us-east-1', 'eu-west-1'] }), {},
      /invalid healthCheck\.checkerRegions \['us-east-1', 'us-east-1', 'eu-west-1'\]: Route 53 checks from at least three distinct regions/],
    ['the search string is longer than Route 53 matches', https({ searchString: 'x'.repeat(256) }), {},
      /invalid healthCheck\.searchString 'x{40}\.\.\.': 256 characters; Route 53 matches at most 255\. Allowed: up to 255 characters, or an empty string for a status-code-only check\. Fix: leave searchString unset for a status-code check \(the default\), or match '"status":"healthy"'/],
    // An alarm-based health check never reads dependencies.
    ['a probe-alarm health check has dependencies', { healthCheck: FailoverHealthCheck.probeAlarm() }, { probe: {} },
      /invalid dependencies \['Orders\/OrdersTable'\]: a probe-alarm health check never reads them.*Allowed: dependencies with FailoverHealthCheck\.https\(\), none with FailoverHealthCheck\.probeAlarm\(\)\. Fix: remove dependencies, or use FailoverHealthCheck\.https\(\)\./],
    // Names the library derives: the health handler is `<functionName>-health`, within Lambda's 64 characters.
    ['the health function name would pass Lambda\'s 64 characters', {}, { functionName: 'f'.repeat(58) },
      /invalid service\.functionName 'f{58}': the health function name 'f{58}-health' would have 65 characters, over its limit of 64\. Allowed: .*1 to 57 characters\. Fix: shorten service\.functionName to 57 characters or fewer\./],
    // Union-like props take only what their factories build: anything else used to fail on a missing _bind.
    ['the routing is a string', { routing: 'latency' as any }, {},
      /invalid routing 'latency': it is not a FailoverRouting\. Allowed: FailoverRouting\.activePassive\(\), FailoverRouting\.latency\(\) or FailoverRouting\.weighted\(\{ weights \}\)\. Fix: build routing with /],
    ['the health check is a plain object', { healthCheck: { kind: 'https' } as any }, {},
      /invalid healthCheck \{ kind: 'https' \}: it is not a FailoverHealthCheck\. Allowed: FailoverHealthCheck\.https\(\{\.\.\.\}\) or FailoverHealthCheck\.probeAlarm\(\)/],
    // A setting that the rest of the configuration makes do nothing.
    ['a service event is set while the service is not checked', https({ checkService: false, serviceEvent: '{}' }), {},
      /invalid healthCheck\.serviceEvent '\{\}': it does nothing: checkService is false, so the health handler never invokes the service\. Allowed: .*\. Fix: remove serviceEvent, or set checkService to true\./],
  ])('fails when %s', (_, props, fnProps, message) => {
    expect(() => build(props, fnProps)).toThrow(message);
    expect(() => build(props, fnProps)).toThrow(FORMAT);
  });

  test('fails when a dependency is listed twice', () => {
    const { topology, api, orders } = buildService();
    expect(() => new HealthCheckedFailover(topology, 'Failover', { service: api, ...zoneProps(topology), dependencies: [orders, orders] }))
      .toThrow(/\[Orders\/Failover\] invalid dependencies \[Orders\/OrdersTable, Orders\/OrdersTable\]: Orders\/OrdersTable appears more than once \(the health handler reads each table once\)\. Allowed: distinct items\. Fix: remove the repeated Orders\/OrdersTable from dependencies\./);
  });
});

describe('HealthCheckedFailover: valid edges keep synthesizing', () => {
  test('accepts the longest legal record name: 64 characters, the certificate\'s limit', () => {
    const name = `${'a'.repeat(52)}.example.com`;
    expect(name).toHaveLength(64);
    const { topology, failover } = build({ recordName: name });
    expect(failover.recordName).toBe(name);
    Template.fromStack(topology.cell('us-west-2')).hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: name, SubjectAlternativeNames: [`us-west-2.${name}`],
    });
  });

  test('accepts a record name in upper case with a trailing dot, as Route 53 writes names', () => {
    expect(build({ recordName: 'API.Example.com.' }).failover.recordName).toBe('api.example.com');
  });

  test('accepts 2 regions: one PRIMARY/SECONDARY pair', () => {
    const built = build({}, {}, ['eu-west-1', 'eu-central-1']);
    routing(built).resourceCountIs('AWS::Route53::RecordSet', 2);
    routing(built).resourceCountIs('AWS::Route53::HealthCheck', 2);
  });

  test('accepts 12 regions: a chain of 11 links, in both routings', () => {
    const twelve = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
      'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1'];
    const built = build({}, {}, twelve);
    const template = routing(built);
    template.resourceCountIs('AWS::Route53::HealthCheck', 12);
    template.resourceCountIs('AWS::Route53::RecordSet', 22);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'failover-10.api.example.com.', Failover: 'SECONDARY', ResourceRecords: ['ap-northeast-1.api.example.com'],
    });
    routing(build({ routing: FailoverRouting.latency() }, {}, twelve)).resourceCountIs('AWS::Route53::RecordSet', 12);
  });

  test.each<[string, Partial<HealthCheckedFailoverProps>, Partial<ReplicatedFunctionProps>]>([
    ['a TTL of 0', { ttl: Duration.seconds(0) }, {}],
    ['a TTL of 60 s', { ttl: Duration.seconds(60) }, {}],
    ['a threshold of 1 and an interval of 30 s', https({ failureThreshold: 1, interval: Duration.seconds(30) }), {}],
    ['a threshold of 10', https({ failureThreshold: 10 }), {}],
    ['a dependency timeout of 100 ms', https({ dependencyTimeout: Duration.millis(100) }), {}],
    ['a dependency timeout of 1500 ms', https({ dependencyTimeout: Duration.millis(1500) }), {}],
    ['no health cache (0 ms)', https({ cacheDuration: Duration.millis(0) }), {}],
    ['a health cache of 10 s', https({ cacheDuration: Duration.seconds(10) }), {}],
    ['an objective exactly the worst case (37 s)', { recoveryTimeObjective: Duration.seconds(37) }, {}],
    ['a function name of 57 characters, whose health handler name is 64', {}, { functionName: 'f'.repeat(57) }],
    ['a function name of 58 characters with a probe-alarm health check (no health handler to name)',
      { healthCheck: FailoverHealthCheck.probeAlarm(), dependencies: undefined }, { functionName: 'f'.repeat(58), probe: {} }],
    ['a zone name with a trailing dot', { hostedZone: importedZone('Z0123456789ABCDEFGHIJ', 'example.com.') }, {}],
    ['a search string of 255 characters, the most Route 53 matches', https({ searchString: 'x'.repeat(255) }), {}],
    ['an empty search string (a status-code check, as without one)', https({ searchString: '' }), {}],
  ])('accepts %s', (_, props, fnProps) => {
    expect(build(props, fnProps).failover.regions).toEqual(REGIONS);
  });
});

describe('HealthCheckedFailover: bad input (moved from health-checked-failover.test.ts)', () => {
  test.each<[string, Partial<HealthCheckedFailoverProps>, RegExp]>([
    ['the TTL is above the limit for failover', { ttl: Duration.seconds(300) },
      /\[Orders\/Failover\] invalid ttl '5 minutes': resolvers keep a failed cell's answer for the whole TTL.*Allowed: whole seconds from 0 to 60/],
    ['the threshold is outside 1-10', { healthCheck: FailoverHealthCheck.https({ failureThreshold: 11 }) },
      /invalid healthCheck\.failureThreshold 11: Route 53 counts 1 to 10 consecutive failures/],
    ['the threshold is not whole', { healthCheck: FailoverHealthCheck.https({ failureThreshold: 1.5 }) }, /invalid healthCheck\.failureThreshold 1\.5/],
    ['the interval is not 10 or 30 s', { healthCheck: FailoverHealthCheck.https({ interval: Duration.seconds(20) }) },
      /invalid healthCheck\.interval '20 seconds': Route 53 checks every 10 or every 30 seconds/],
    ['the record name is outside the zone', { recordName: 'api.example.org' },
      /invalid recordName 'api\.example\.org': not a name inside the zone 'example\.com'.*Fix: name the service below the zone, e\.g\. 'api\.example\.com'/],
    ['the record name is the zone apex', { recordName: 'example.com.' }, /invalid recordName 'example\.com\.': the zone apex cannot hold the CNAME records/],
    ['a secondary would have no primary', { regions: ['us-west-2', 'eu-west-1'] },
      /invalid regions \['us-west-2', 'eu-west-1'\]: active-passive failover would have a secondary with no primary.*Fix: put 'us-east-1' first/],
    ['only one region is routed', { regions: ['us-east-1'] }, /invalid regions \['us-east-1'\]: failover needs at least two cells/],
    ['a region is not in the topology', { regions: ['us-east-1', 'ap-south-1'] }, /invalid regions .*'ap-south-1' is not a region of the topology/],
    ['the hosted zone id is malformed', { hostedZone: importedZone('not-a-zone', 'example.com') }, /invalid hostedZone\.hostedZoneId 'not-a-zone'/],
    ['the checker regions are too few', { healthCheck: FailoverHealthCheck.https({ checkerRegions: ['us-east-1', 'eu-west-1'] }) },
      /invalid healthCheck\.checkerRegions \['us-east-1', 'eu-west-1'\]: Route 53 checks from at least three distinct regions/],
    ['the dependency timeout leaves no room in Route 53\'s 2 s', { healthCheck: FailoverHealthCheck.https({ dependencyTimeout: Duration.seconds(2) }) },
      /invalid healthCheck\.dependencyTimeout '2 seconds'.*Allowed: 100 ms to 1500 ms/],
    ['the path is not a route of its own', { healthCheck: FailoverHealthCheck.https({ path: '/{proxy+}' }) }, /invalid healthCheck\.path '\/\{proxy\+\}'/],
    ['the path leaves no room for the token in Route 53\'s 255 characters', { healthCheck: FailoverHealthCheck.https({ path: '/' + 'h'.repeat(222) }) },
      /invalid healthCheck\.path '\/h+': .*too long for Route 53 once the token is appended.*up to 222 characters/],
    ['the path salt is not known at synth', { healthCheck: FailoverHealthCheck.https({ pathSalt: Lazy.string({ produce: () => 's' }) }) },
      /invalid healthCheck\.pathSalt '<a token>': the health path's token is computed at synth.*Allowed: a literal string/],
    ['the previous path salt is not known at synth', { healthCheck: FailoverHealthCheck.https({ previousPathSalt: Lazy.string({ produce: () => 's' }) }) },
      /invalid healthCheck\.previousPathSalt '<a token>'/],
    ['the service event is not JSON', { healthCheck: FailoverHealthCheck.https({ serviceEvent: '{probe' }) },
      /invalid healthCheck\.serviceEvent '\{probe': not JSON .*Fix: leave serviceEvent unset/],
    ['the service event is too large for the handler\'s environment', { healthCheck: FailoverHealthCheck.https({ serviceEvent: JSON.stringify({ pad: 'x'.repeat(1100) }) }) },
      /invalid healthCheck\.serviceEvent '\{"pad":"x+\.\.\.': 1110 characters; .*Lambda limits to 4 KB/],
  ])('fails when %s', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('fails when the service or a dependency belongs to another topology', () => {
    const { app, api, orders } = build();
    const other = new MultiRegionTopology(app, 'Billing', { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: REGIONS });
    expect(() => new HealthCheckedFailover(other, 'Failover', { service: api, ...zoneProps(other), recordName: 'billing.example.com' }))
      .toThrow(/\[Billing\/Failover\] invalid service 'Orders\/Api': it belongs to another topology \(at 'Orders'\), and a failover reaches its own cells only/);
    const billing = new ReplicatedFunction(other, 'Api', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('x') });
    expect(() => new HealthCheckedFailover(other, 'Failover2', { service: billing, ...zoneProps(other), recordName: 'billing.example.com', dependencies: [orders] }))
      .toThrow(/\[Billing\/Failover2\] invalid dependencies\[0\] 'Orders\/OrdersTable': it belongs to another topology/);
  });

  test('fails when a region is listed twice', () => {
    expect(() => build({ regions: ['us-east-1', 'us-west-2', 'us-west-2'] }))
      .toThrow(/invalid regions \['us-east-1', 'us-west-2', 'us-west-2'\]: a region is listed more than once/);
  });

  test('fails when a cell has no endpoint', () => {
    expect(() => build({}, { endpoint: { enabled: false } }))
      .toThrow(/\[Orders\/Failover\] invalid service 'Orders\/Api': its replicas have no regional endpoint.*Fix: remove `endpoint: \{ enabled: false \}`/);
    // The error names both: the failover that fronts the function, and the function that disables its endpoint.
    expect(() => build({}, { endpoint: { enabled: false } }))
      .toThrow(/this HealthCheckedFailover fronts the function through its endpoint, and the ReplicatedFunction 'Orders\/Api' disables it \(endpoint\.enabled is false\)/);
  });

  test('accepts a service whose endpoint is left unset: the failover has each replica\'s endpoint created', () => {
    const service = buildService();
    expect(service.api.replicas.map((r) => r.endpoint)).toEqual(REGIONS.map(() => undefined));
    new HealthCheckedFailover(service.topology, 'Failover', { service: service.api, ...zoneProps(service.topology), dependencies: [service.orders] });
    for (const replica of service.api.replicas) {
      expect(replica.endpoint).toBeDefined();
      Template.fromStack(replica.cell).hasResourceProperties('AWS::SSM::Parameter', { Name: '/cdk-resilient-serverless/Orders/functions/Api/endpoint-url' });
    }
  });

  test('fails when asked for the health check of a region the name does not route to', () => {
    const { failover } = build({ regions: ['us-east-1', 'us-west-2'] });
    expect(failover.healthCheck('us-west-2')).toBeDefined();
    expect(() => failover.healthCheck('eu-west-1'))
      .toThrow(/\[Orders\/Failover\] invalid regionName 'eu-west-1': the name does not route to this region.*Allowed: one of \['us-east-1', 'us-west-2'\]/);
    expect(() => failover.healthAlarm('eu-west-1')).toThrow(/does not route to this region/);
  });

  test('fails when a service or a name gets a second failover', () => {
    const { topology, api } = build();
    const other = new ReplicatedFunction(topology, 'Other', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('x') });

    expect(() => new HealthCheckedFailover(topology, 'Again', { service: api, ...zoneProps(topology), recordName: 'www.example.com' }))
      .toThrow(/\[Orders\/Again\] invalid service 'Orders\/Api': the service already fails over through Orders\/Failover/);
    expect(() => new HealthCheckedFailover(topology, 'SameName', { service: other, ...zoneProps(topology) }))
      .toThrow(/\[Orders\/SameName\] invalid recordName 'api\.example\.com': Orders\/Failover already routes this name/);
    expect(new HealthCheckedFailover(topology, 'OtherName', { service: other, ...zoneProps(topology), recordName: 'other.example.com' }).recordName).toBe('other.example.com');
  });

  test('fails when probe-alarm health checks have no probe to watch', () => {
    expect(() => build({ healthCheck: FailoverHealthCheck.probeAlarm() }))
      .toThrow(/invalid healthCheck 'FailoverHealthCheck\.probeAlarm\(\)': the service has no probe.*Fix: set `probe: \{\}`/);
  });
});
