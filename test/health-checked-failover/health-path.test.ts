import { Match, Template } from 'aws-cdk-lib/assertions';
import { CfnElement } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { REGIONS, build, buildService, routing, zoneProps } from './fixtures';
import { FailoverHealthCheck, HealthCheckedFailover } from '../../src';
import { HEALTH_ROUTE_THROTTLE } from '../../src/health-checked-failover/health-route';
import { HEALTH_EVENT_HEADER } from '../../src/health-checked-failover/health-source';

const TOKEN_PATH = /^\/health\/[0-9a-f]{32}$/;

/** Every resource of `type` in a template, by logical id. */
function resources(template: Template, type: string): Record<string, any> {
  return template.findResources(type);
}

describe('the health path: an unguessable, deterministic token', () => {
  test('Route 53 requests /health/<token> in every region, and each cell serves exactly that path', () => {
    // GIVEN / WHEN
    const built = build();

    // THEN
    const path = built.failover.healthCheckPath!;
    expect(path).toMatch(TOKEN_PATH);
    const checks = Object.values(resources(routing(built), 'AWS::Route53::HealthCheck'));
    expect(checks.map((c) => c.Properties.HealthCheckConfig.ResourcePath)).toEqual(REGIONS.map(() => path));
    for (const cell of built.topology.cells) {
      const routes = Object.values(resources(Template.fromStack(cell), 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
      expect(routes.sort()).toEqual(['$default', `GET ${path}`]);
    }
  });

  test('the same inputs give the same token on every synth; account, service, construct path and salt each change it', () => {
    const path = (...args: Parameters<typeof build>) => build(...args).failover.healthCheckPath;
    const base = path();

    expect(path()).toBe(base);
    expect(path({ healthCheck: FailoverHealthCheck.https({ pathSalt: 's3cret' }) })).not.toBe(base);
    expect(path({ healthCheck: FailoverHealthCheck.https({ pathSalt: 's3cret' }) })).toBe(path({ healthCheck: FailoverHealthCheck.https({ pathSalt: 's3cret' }) }));
    expect(path({}, { functionName: 'orders-api' })).not.toBe(base);
    expect(path({}, {}, REGIONS, '210987654321')).not.toBe(base);
    // The same failover one level deeper in the construct tree.
    const { topology, api } = buildService();
    const nested = new HealthCheckedFailover(new Construct(topology, 'Team'), 'Failover', { service: api, ...zoneProps(topology) });
    expect(nested.healthCheckPath).toMatch(TOKEN_PATH);
    expect(nested.healthCheckPath).not.toBe(base);
  });

  test('the salt never appears in any template', () => {
    const built = build({ healthCheck: FailoverHealthCheck.https({ pathSalt: 'do-not-leak-this-salt' }) });
    for (const stack of [...built.topology.cells, built.topology.routingStack]) {
      expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain('do-not-leak-this-salt');
    }
  });

  test('the path of the failover is no longer open at the guessable /health: no route serves it, no permission names it', () => {
    const built = build();
    for (const cell of built.topology.cells) {
      const template = Template.fromStack(cell);
      const keys = Object.values(resources(template, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
      expect(keys).not.toContain('GET /health');
      // API Gateway may invoke the health alias for the token path only.
      const health = cell.getLogicalId(built.failover.cells.find((c) => c.cell === cell)!.healthAlias!.node.defaultChild as CfnElement);
      const permissions = Object.values(resources(template, 'AWS::Lambda::Permission')).filter((p) => p.Properties.FunctionName.Ref === health);
      expect(permissions).toHaveLength(1);
      expect(JSON.stringify(permissions[0].Properties.SourceArn)).toMatch(new RegExp(`/\\*/\\*${built.failover.healthCheckPath}"`));
    }
  });

  test('rotation: with previousPathSalt the cells serve the old and the new path, and Route 53 moves to the new one', () => {
    // GIVEN the path of the old salt
    const old = build({ healthCheck: FailoverHealthCheck.https({ pathSalt: 'old' }) }).failover.healthCheckPath;

    // WHEN rotating to a new salt
    const built = build({ healthCheck: FailoverHealthCheck.https({ pathSalt: 'new', previousPathSalt: 'old' }) });

    // THEN
    const path = built.failover.healthCheckPath;
    expect(path).not.toBe(old);
    routing(built).allResourcesProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ ResourcePath: path }) });
    for (const cell of built.topology.cells) {
      const template = Template.fromStack(cell);
      const keys = Object.values(resources(template, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
      expect(keys.sort()).toEqual(['$default', `GET ${path}`, `GET ${old}`].sort());
      const stage = Object.values(resources(template, 'AWS::ApiGatewayV2::Stage'))[0];
      expect(Object.keys(stage.Properties.RouteSettings).sort()).toEqual([`GET ${path}`, `GET ${old}`].sort());
    }
    // Once the rotation is deployed, dropping previousPathSalt leaves the new path only.
    expect(build({ healthCheck: FailoverHealthCheck.https({ pathSalt: 'new' }) }).failover.healthCheckPath).toBe(path);
  });
});

describe('the health route\'s own throttle', () => {
  test('route-level throttling on the health route, sized for Route 53\'s checkers, apart from the stage default', () => {
    // GIVEN a service endpoint with a stage default a caller could drain
    const built = build({}, { endpoint: { throttlingRateLimit: 50, throttlingBurstLimit: 100 } });

    for (const cell of built.topology.cells) {
      const template = Template.fromStack(cell);
      const [[id, stage]] = Object.entries(resources(template, 'AWS::ApiGatewayV2::Stage'));
      // THEN the health route has a bucket of its own; every other path (the $default route) keeps the stage default
      expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
      expect(stage.Properties.RouteSettings).toEqual({
        [`GET ${built.failover.healthCheckPath}`]: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 20 },
      });
      // AND the stage is created (and updated) after the route it names
      const route = Object.keys(resources(template, 'AWS::ApiGatewayV2::Route')).find((r) => r.startsWith('FailoverHealthRoute'));
      expect(template.toJSON().Resources[id].DependsOn).toEqual(expect.arrayContaining([route]));
    }
  });

  test('the bucket admits every checker at once and three times their mean rate, well under 10 requests/s', () => {
    // About 16 checkers (8 regions), each once per 10 s at the fastest interval.
    const checkers = 16;
    const meanRate = checkers / 10;
    expect(HEALTH_ROUTE_THROTTLE.burstLimit).toBeGreaterThanOrEqual(checkers);
    expect(HEALTH_ROUTE_THROTTLE.rateLimit).toBeGreaterThanOrEqual(3 * meanRate);
    expect(HEALTH_ROUTE_THROTTLE.rateLimit).toBeLessThan(10);
  });
});

describe('deep health covers the service', () => {
  test('the health handler invokes its own region\'s service alias with an HTTP API GET of the health path', () => {
    const built = build();
    for (const cell of built.topology.cells) {
      const alias = cell.getLogicalId(built.api.replica(cell.region).alias.node.defaultChild as CfnElement);
      const fn = Object.values(resources(Template.fromStack(cell), 'AWS::Lambda::Function'))
        .find((f) => f.Properties.FunctionName === 'Orders-Api-health')!;
      const variables = fn.Properties.Environment.Variables;
      expect(variables.SERVICE).toEqual({ Ref: alias });
      expect(variables.SERVICE_NAME).toBe('Orders-Api:live');
      expect(JSON.parse(variables.SERVICE_EVENT)).toMatchObject({
        version: '2.0',
        routeKey: 'GET /health',
        rawPath: '/health',
        headers: { [HEALTH_EVENT_HEADER]: '1' },
        requestContext: { http: { method: 'GET', path: '/health' } },
      });
    }
  });

  test('a custom service event reaches the handler; checkService: false leaves the service alone and grants nothing', () => {
    const custom = build({ healthCheck: FailoverHealthCheck.https({ serviceEvent: '{"probe":true}' }) });
    Template.fromStack(custom.topology.cell('us-west-2')).hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'Orders-Api-health', Environment: { Variables: Match.objectLike({ SERVICE_EVENT: '{"probe":true}' }) },
    });

    const off = build({ healthCheck: FailoverHealthCheck.https({ checkService: false }) });
    const template = Template.fromStack(off.topology.cell('us-west-2'));
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'Orders-Api-health', Environment: { Variables: { CHECKS: Match.anyValue(), TIMEOUT_MS: '1000' } },
    });
    expect(JSON.stringify(resources(template, 'AWS::IAM::Policy'))).not.toContain('lambda:InvokeFunction');
  });
});
