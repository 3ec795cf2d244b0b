import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CfnElement } from 'aws-cdk-lib/core';
import { REGIONS, ZONE, build, routing } from './fixtures';
import { FailoverHealthCheck, FailoverRouting } from '../../src';
import { HEALTHY_MARKER } from '../../src/health-checked-failover/health-source';
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
        Environment: { Variables: Match.objectLike({ CHECKS: '[{"table":"Orders-OrdersTable","key":{"pk":"S"}}]', TIMEOUT_MS: '1000' }) },
      });
    }
  });

  test('the health handler may read (GetItem, and Query for the update from the version before) its own region\'s replica and invoke its own region\'s service alias, nothing else', () => {
    const { topology, api } = build();

    for (const cell of topology.cells) {
      const policies = Template.fromStack(cell).findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^FailoverHealthRole') }] },
      });
      const statements = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
      const dynamo = statements.filter((s: any) => JSON.stringify(s.Action).includes('dynamodb'));
      expect(dynamo).toEqual([{
        // Query: what the handler of earlier versions calls, while a cell updates (the policy changes before the function).
        Action: ['dynamodb:GetItem', 'dynamodb:Query'],
        Effect: 'Allow',
        Resource: `arn:aws:dynamodb:${cell.region}:${TEST_ACCOUNT}:table/Orders-OrdersTable`,
      }]);
      const otherRegions = REGIONS.filter((r) => r !== cell.region);
      for (const other of otherRegions) expect(JSON.stringify(dynamo)).not.toContain(other);
      const lambda = statements.filter((s: any) => JSON.stringify(s.Action).includes('lambda'));
      expect(lambda).toEqual([{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { Ref: cell.getLogicalId(api.replica(cell.region).alias.node.defaultChild as CfnElement) } }]);
      // Why Query stays allowed: the function depends on the policy, so an update changes the policy first and the
      // handler of the version before (a Query) serves until the alias moves.
      const [policyId] = Object.keys(policies);
      const health = Template.fromStack(cell).findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'Orders-Api-health' } });
      expect(Object.values(health).map((f: any) => f.DependsOn)).toEqual([expect.arrayContaining([policyId])]);
    }
  });
});

/** One HTTPS health check per cell on its own name and the deep path, every 10 s, 2 failures; `config` adds to that. */
function expectHttpsHealthChecks(built: ReturnType<typeof build>, config: Record<string, unknown>): void {
  const template = routing(built);
  template.resourceCountIs('AWS::Route53::HealthCheck', 3);
  for (const region of REGIONS) {
    template.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        FullyQualifiedDomainName: `${region}.api.example.com`,
        Port: 443,
        ResourcePath: built.failover.healthCheckPath,
        RequestInterval: 10,
        FailureThreshold: 2,
        EnableSNI: true,
        ...config,
      },
    });
  }
}

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

  test('one HTTPS health check per cell on its own name and the deep path, deciding by the status code', () => {
    // The health handler answers 503 unless every dependency answered: no string matching (a billed feature).
    expectHttpsHealthChecks(build(), { Type: 'HTTPS', SearchString: Match.absent() });
  });

  test('with the healthy marker as search string, the health checks match it', () => {
    expectHttpsHealthChecks(build({ healthCheck: FailoverHealthCheck.https({ searchString: HEALTHY_MARKER }) }),
      { Type: 'HTTPS_STR_MATCH', SearchString: '"status":"healthy"' });
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

  test.each([
    // cache, dependency timeout -> what the cache adds (s): nothing up to the timeout, the excess rounded up beyond it
    [undefined, 1000, 0], // the default: the dependency timeout
    [0, 1000, 0],
    [1500, 1500, 0],
    [1001, 1000, 1],
    [5000, 1000, 4],
    [10_000, 100, 10],
  ])('a health cache of %s ms with a %i ms dependency timeout adds %i s to the worst case', (cache, timeout, added) => {
    const { failover, topology } = build({
      healthCheck: FailoverHealthCheck.https({
        cacheDuration: cache === undefined ? undefined : Duration.millis(cache), dependencyTimeout: Duration.millis(timeout),
      }),
    });
    expect(failover.failoverTime.totalSeconds).toBe(37 + added);
    expect(failover.failoverTime.formula).toBe(added === 0
      ? '2 × (10 s interval + 6 s HTTPS timeout) + 5 s TTL'
      : `2 × (10 s interval + 6 s HTTPS timeout) + ${added} s health cache beyond the dependency timeout + 5 s TTL`);
    for (const region of REGIONS) {
      Template.fromStack(topology.cell(region)).hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ CACHE_MS: String(cache ?? timeout), TIMEOUT_MS: String(timeout) }) },
      });
    }
  });

  test('the health handler is not traced: Route 53\'s checkers would make X-Ray cost more than the health checks', () => {
    const { topology } = build();
    for (const region of REGIONS) {
      const cell = Template.fromStack(topology.cell(region));
      cell.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'Orders-Api-health', TracingConfig: Match.absent() });
      expect(JSON.stringify(cell.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('FailoverHealthRole') } })))
        .not.toContain('xray:');
    }
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
    // A probe-alarm health check reads no dependencies: the fixture's table is left out.
    const probeAlarm = { healthCheck: FailoverHealthCheck.probeAlarm(), dependencies: undefined };
    expect(() => build({ ...probeAlarm, recoveryTimeObjective: Duration.minutes(1) }, { probe: {} }))
      .toThrow(/worst-case failover of this configuration is 245 s.*Fix: use FailoverHealthCheck\.https\(\)/);
  });
});

describe('HealthCheckedFailover: checkers and snapshot', () => {
  test('passes cdk-nag, the Control Tower guard rules and aws-cdk-lib validation', () => {
    expectNoUnacknowledgedFindings(build().app);
    expectNoUnacknowledgedFindings(build({
      routing: FailoverRouting.latency(), healthCheck: FailoverHealthCheck.probeAlarm(), dependencies: undefined,
    }, { probe: {} }).app);
  });

  test('snapshot', () => {
    expect(snapshotOf(build().app)).toMatchSnapshot();
  });
});
