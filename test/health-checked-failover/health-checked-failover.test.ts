import { Duration, Lazy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { CfnElement } from 'aws-cdk-lib/core';
import { REGIONS, ZONE, build, routing } from './fixtures';
import {
  FailoverHealthCheck, FailoverRouting, HealthCheckedFailover, HealthCheckedFailoverProps, MultiRegionTopology,
  ReplicatedCode, ReplicatedFunction,
} from '../../src';
import { TEST_ACCOUNT, expectNoUnacknowledgedFindings, snapshotOf, templates } from '../harness';

/** Every record set of a template, by logical id. */
function records(template: Template): any[] {
  return Object.values(template.findResources('AWS::Route53::RecordSet')).map((r: any) => r.Properties);
}

describe('HealthCheckedFailover: each cell', () => {
  test('serves the name on its endpoint\'s custom domain, has a name of its own, and answers the health path without signing', () => {
    const { topology, failover } = build();

    for (const cell of topology.cells) {
      const template = Template.fromStack(cell);
      template.hasResourceProperties('AWS::CertificateManager::Certificate', {
        DomainName: 'api.example.com',
        SubjectAlternativeNames: [`${cell.region}.api.example.com`],
        ValidationMethod: 'DNS',
        DomainValidationOptions: Match.arrayWith([{ DomainName: 'api.example.com', HostedZoneId: ZONE.hostedZoneId }]),
      });
      for (const name of ['api.example.com', `${cell.region}.api.example.com`]) {
        template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
          DomainName: name,
          DomainNameConfigurations: [Match.objectLike({ EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' })],
        });
      }
      template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 2);
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: `${cell.region}.api.example.com.`,
        Type: 'CNAME',
        TTL: '60',
        ResourceRecords: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^FailoverRegionalDomainName'), 'RegionalDomainName'] }],
      });
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `GET ${failover.healthCheckPath}`, AuthorizationType: 'NONE' });
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs24.x',
        Timeout: 3,
        Environment: { Variables: Match.objectLike({ CHECKS: '[{"table":"Orders-OrdersTable","key":"pk","type":"S"}]', TIMEOUT_MS: '1000' }) },
      });
    }
  });

  test('the health handler may Query its own region\'s replica and invoke its own region\'s service alias, nothing else', () => {
    const { topology, api } = build();

    for (const cell of topology.cells) {
      const policies = Template.fromStack(cell).findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^FailoverHealthRole') }] },
      });
      const statements = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
      const dynamo = statements.filter((s: any) => JSON.stringify(s.Action).includes('dynamodb'));
      expect(dynamo).toEqual([{
        Action: 'dynamodb:Query',
        Effect: 'Allow',
        Resource: `arn:aws:dynamodb:${cell.region}:${TEST_ACCOUNT}:table/Orders-OrdersTable`,
      }]);
      const otherRegions = REGIONS.filter((r) => r !== cell.region);
      for (const other of otherRegions) expect(JSON.stringify(dynamo)).not.toContain(other);
      const lambda = statements.filter((s: any) => JSON.stringify(s.Action).includes('lambda'));
      expect(lambda).toEqual([{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { Ref: cell.getLogicalId(api.replica(cell.region).alias.node.defaultChild as CfnElement) } }]);
    }
  });
});

describe('HealthCheckedFailover: the routing stack', () => {
  test('lives in us-east-1, after every cell, and refers to them by name only', () => {
    const built = build();
    const stack = built.topology.routingStack;
    expect(stack.region).toBe('us-east-1');
    expect(stack.stackName).toBe('Orders-routing');
    expect(stack.dependencies.map((d) => d.stackName).sort()).toEqual(REGIONS.map((r) => `Orders-${r}`).sort());
    const json = JSON.stringify(templates(built.app)['Orders-routing']);
    expect(json).not.toMatch(/Fn::ImportValue|Custom::CrossRegion/);
  });

  test('one HTTPS health check per cell on its own name and the deep path, matching the healthy marker', () => {
    const built = build();
    const template = routing(built);
    template.resourceCountIs('AWS::Route53::HealthCheck', 3);
    for (const region of REGIONS) {
      template.hasResourceProperties('AWS::Route53::HealthCheck', {
        HealthCheckConfig: {
          Type: 'HTTPS_STR_MATCH',
          FullyQualifiedDomainName: `${region}.api.example.com`,
          Port: 443,
          ResourcePath: built.failover.healthCheckPath,
          SearchString: '"status":"healthy"',
          RequestInterval: 10,
          FailureThreshold: 2,
          EnableSNI: true,
        },
      });
    }
  });

  test('custom HTTPS options reach the health checks, the route and the handler', () => {
    const built = build({
      healthCheck: FailoverHealthCheck.https({
        path: '/internal/health',
        interval: Duration.seconds(30),
        failureThreshold: 3,
        searchString: '',
        checkerRegions: ['us-east-1', 'eu-west-1', 'ap-southeast-1'],
        dependencyTimeout: Duration.millis(500),
      }),
    });
    routing(built).hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        Type: 'HTTPS',
        ResourcePath: Match.stringLikeRegexp('^/internal/health/[0-9a-f]{32}$'),
        RequestInterval: 30,
        FailureThreshold: 3,
        Regions: ['us-east-1', 'eu-west-1', 'ap-southeast-1'],
        SearchString: Match.absent(),
      },
    });
    const cell = Template.fromStack(built.topology.cell('eu-west-1'));
    expect(built.failover.healthCheckPath).toMatch(/^\/internal\/health\/[0-9a-f]{32}$/);
    cell.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `GET ${built.failover.healthCheckPath}`, AuthorizationType: 'NONE' });
    cell.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ TIMEOUT_MS: '500' }) } });
    expect(built.failover.failoverTime.totalSeconds).toBe(3 * (30 + 6) + 5);
  });

  test('a HealthCheckStatus alarm per health check, notifying the routing alarm topic', () => {
    const built = build();
    const template = routing(built);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Route53',
      MetricName: 'HealthCheckStatus',
      Dimensions: [{ Name: 'HealthCheckId', Value: { Ref: Match.stringLikeRegexp('^Failovereuwest1HealthCheck') } }],
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmTopic') }],
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    expect(built.failover.healthAlarm('us-west-2')).toBeDefined();
    expect(built.topology.routingStack.resolve(built.failover.metricHealthCheckStatus('eu-west-1').toMetricConfig().metricStat?.region)).toBe('us-east-1');
  });

  test('active-passive: a failover chain through every cell in order, every answer health-checked', () => {
    const built = build();
    const all = records(routing(built));
    const hc = (region: string) => ({ Ref: Match.stringLikeRegexp(`^Failover${region.replace(/-/g, '')}HealthCheck`) });

    expect(all).toHaveLength(4);
    const template = routing(built);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.example.com.',
      Type: 'CNAME',
      Failover: 'PRIMARY',
      TTL: '5',
      SetIdentifier: 'us-east-1',
      ResourceRecords: ['us-east-1.api.example.com'],
      HealthCheckId: hc('us-east-1'),
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.example.com.', Failover: 'SECONDARY', TTL: '5', ResourceRecords: ['failover-1.api.example.com'],
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'failover-1.api.example.com.', Failover: 'PRIMARY', ResourceRecords: ['us-west-2.api.example.com'], HealthCheckId: hc('us-west-2'),
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'failover-1.api.example.com.', Failover: 'SECONDARY', ResourceRecords: ['eu-west-1.api.example.com'], HealthCheckId: hc('eu-west-1'),
    });
  });

  test('every PRIMARY and latency record carries a health check, in both routings', () => {
    for (const routingKind of [FailoverRouting.activePassive(), FailoverRouting.latency()]) {
      const all = records(routing(build({ routing: routingKind })));
      const mustCheck = all.filter((r) => r.Failover === 'PRIMARY' || r.Region);
      expect(mustCheck.length).toBeGreaterThanOrEqual(2);
      for (const record of mustCheck) expect(record.HealthCheckId).toBeDefined();
      for (const record of all) expect(Number(record.TTL)).toBeLessThanOrEqual(60);
    }
  });

  test('latency routing: one health-checked record per cell, answered from the nearest healthy one', () => {
    const all = records(routing(build({ routing: FailoverRouting.latency() })));
    expect(all.map((r) => [r.Name, r.Region, r.SetIdentifier, r.ResourceRecords[0]])).toEqual(REGIONS.map((region) =>
      ['api.example.com.', region, region, `${region}.api.example.com`]));
  });

  test('two regions: PRIMARY and SECONDARY directly, no chain', () => {
    const all = records(routing(build({}, {}, ['eu-west-1', 'eu-central-1'])));
    expect(all.map((r) => [r.Name, r.Failover, r.ResourceRecords[0]])).toEqual([
      ['api.example.com.', 'PRIMARY', 'eu-west-1.api.example.com'],
      ['api.example.com.', 'SECONDARY', 'eu-central-1.api.example.com'],
    ]);
  });

  test('probe-alarm health checks: Route 53 watches each replica\'s probe alarm, and no path is opened', () => {
    const built = build({ healthCheck: FailoverHealthCheck.probeAlarm(), dependencies: undefined }, { probe: {} });
    const template = routing(built);
    for (const region of REGIONS) {
      template.hasResourceProperties('AWS::Route53::HealthCheck', {
        HealthCheckConfig: { Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Region: region, Name: 'Orders-Api-probe' }, InsufficientDataHealthStatus: 'Unhealthy' },
      });
      const cell = Template.fromStack(built.topology.cell(region));
      cell.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'Orders-Api-probe' });
      cell.resourceCountIs('AWS::ApiGatewayV2::Route', 1);
      cell.hasResourceProperties('AWS::ApiGatewayV2::Stage', { RouteSettings: Match.absent() });
    }
    expect(built.failover.healthCheckPath).toBeUndefined();
    expect(built.failover.failoverTime.totalSeconds).toBe(3 * 60 + 60 + 5);
  });

  test('exposes the worst-case failover time as a property and a stack output', () => {
    const built = build();
    expect(built.failover.failoverTime).toEqual({
      detectionSeconds: 32, dnsCacheSeconds: 5, totalSeconds: 37, formula: '2 × (10 s interval + 6 s HTTPS timeout) + 5 s TTL',
    });
    const outputs = routing(built).findOutputs('*', { Value: '37' });
    expect(Object.keys(outputs)).toEqual([expect.stringMatching(/^FailoverFailoverTimeSeconds/)]);
  });
});

describe('HealthCheckedFailover: failover time', () => {
  test.each([
    // interval, threshold, ttl -> worst case (s)
    [10, 2, 5, 37], // the default
    [10, 1, 0, 16], // the fastest
    [10, 1, 4, 20],
    [10, 3, 10, 58],
    [30, 3, 60, 168], // Route 53's defaults with the largest TTL allowed
    [30, 1, 30, 66],
    [10, 10, 60, 220],
  ])('interval %i s, threshold %i, TTL %i s: %i s', (interval, threshold, ttl, expected) => {
    const { failover } = build({
      healthCheck: FailoverHealthCheck.https({ interval: Duration.seconds(interval), failureThreshold: threshold }),
      ttl: Duration.seconds(ttl),
    });
    expect(failover.failoverTime.totalSeconds).toBe(expected);
    expect(failover.failoverTime.detectionSeconds + failover.failoverTime.dnsCacheSeconds).toBe(expected);
  });

  test('the default configuration fails over in 40 s or less, the fastest in 20 s or less', () => {
    expect(build({ recoveryTimeObjective: Duration.seconds(40) }).failover.failoverTime.totalSeconds).toBeLessThanOrEqual(40);
    const fastest = build({
      healthCheck: FailoverHealthCheck.https({ failureThreshold: 1 }), ttl: Duration.seconds(1), recoveryTimeObjective: Duration.seconds(20),
    });
    expect(fastest.failover.failoverTime.totalSeconds).toBeLessThanOrEqual(20);
  });

  test('fails when the configuration cannot meet the declared objective, naming the settings to change', () => {
    expect(() => build({
      healthCheck: FailoverHealthCheck.https({ interval: Duration.seconds(30), failureThreshold: 3 }),
      ttl: Duration.seconds(60),
      recoveryTimeObjective: Duration.seconds(40),
    })).toThrow(/\[Orders\/Failover\] invalid recoveryTimeObjective '40 seconds': the worst-case failover of this configuration is 168 s \(3 × \(30 s interval \+ 6 s HTTPS timeout\) \+ 60 s TTL\).*Fix: set healthCheck interval: Duration\.seconds\(10\), a lower failureThreshold \(now 3\), a lower ttl \(now 60 s\)/);
    expect(() => build({ recoveryTimeObjective: Duration.seconds(10) })).toThrow(/Fix: declare an objective of at least 16 s: no DNS failover configuration is faster/);
    expect(() => build({ healthCheck: FailoverHealthCheck.probeAlarm(), recoveryTimeObjective: Duration.minutes(1) }, { probe: {} }))
      .toThrow(/worst-case failover of this configuration is 245 s.*Fix: use FailoverHealthCheck\.https\(\)/);
  });
});

describe('HealthCheckedFailover: checkers and snapshot', () => {
  test('passes cdk-nag, the Control Tower guard rules and aws-cdk-lib validation', () => {
    expectNoUnacknowledgedFindings(build().app);
    expectNoUnacknowledgedFindings(build({ routing: FailoverRouting.latency(), healthCheck: FailoverHealthCheck.probeAlarm() }, { probe: {} }).app);
  });

  test('snapshot', () => {
    expect(snapshotOf(build().app)).toMatchSnapshot();
  });
});

describe('HealthCheckedFailover: bad input', () => {
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
    ['the hosted zone id is malformed', { hostedZoneId: 'not-a-zone' }, /invalid hostedZoneId 'not-a-zone'/],
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
    expect(() => new HealthCheckedFailover(other, 'Failover', { service: api, ...ZONE, recordName: 'billing.example.com' }))
      .toThrow(/\[Billing\/Failover\] invalid service 'Orders\/Api': it belongs to another topology \(at 'Orders'\), and a failover reaches its own cells only/);
    const billing = new ReplicatedFunction(other, 'Api', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('x') });
    expect(() => new HealthCheckedFailover(other, 'Failover2', { service: billing, ...ZONE, recordName: 'billing.example.com', dependencies: [orders] }))
      .toThrow(/\[Billing\/Failover2\] invalid dependencies\[0\] 'Orders\/OrdersTable': it belongs to another topology/);
  });

  test('fails when a region is listed twice', () => {
    expect(() => build({ regions: ['us-east-1', 'us-west-2', 'us-west-2'] }))
      .toThrow(/invalid regions \['us-east-1', 'us-west-2', 'us-west-2'\]: a region is listed more than once/);
  });

  test('fails when a cell has no endpoint', () => {
    expect(() => build({}, { endpoint: { enabled: false } }))
      .toThrow(/\[Orders\/Failover\] invalid service 'Orders\/Api': the replica in us-east-1 has no regional endpoint.*Fix: remove `endpoint: \{ enabled: false \}`/);
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

    expect(() => new HealthCheckedFailover(topology, 'Again', { service: api, ...ZONE, recordName: 'www.example.com' }))
      .toThrow(/\[Orders\/Again\] invalid service 'Orders\/Api': the service already fails over through Orders\/Failover/);
    expect(() => new HealthCheckedFailover(topology, 'SameName', { service: other, ...ZONE }))
      .toThrow(/\[Orders\/SameName\] invalid recordName 'api\.example\.com': Orders\/Failover already routes this name/);
    expect(new HealthCheckedFailover(topology, 'OtherName', { service: other, ...ZONE, recordName: 'other.example.com' }).recordName).toBe('other.example.com');
  });

  test('fails when probe-alarm health checks have no probe to watch', () => {
    expect(() => build({ healthCheck: FailoverHealthCheck.probeAlarm() }))
      .toThrow(/invalid healthCheck 'FailoverHealthCheck\.probeAlarm\(\)': the replica in us-east-1 has no probe.*Fix: set `probe: \{\}`/);
  });
});
