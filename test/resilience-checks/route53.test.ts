import { Duration, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { findingsOf, idsAndLevels, newStack } from './fixtures';
import { ResilienceChecks } from '../../src/resilience-checks';

const HEALTH = 'Resilience-R53RoutingHealthCheck';
const TTL = 'Resilience-R53FailoverTTL';
const DETECTION = 'Resilience-R53HealthCheckDetectionTime';

function zoneIn(stack: Stack): route53.IHostedZone {
  return new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
}

function fastCheck(stack: Stack, id = 'Check'): route53.HealthCheck {
  return new route53.HealthCheck(stack, id, {
    type: route53.HealthCheckType.HTTPS, fqdn: 'us-east-1.api.example.com', requestInterval: Duration.seconds(10),
  });
}

const ip = route53.RecordTarget.fromIpAddresses('192.0.2.10');

describe('Route 53 routing records', () => {
  test('passes a failover pair with a health check on the primary and 60 s TTLs', () => {
    // GIVEN
    const stack = newStack();
    const zone = zoneIn(stack);
    new route53.ARecord(stack, 'Primary', {
      zone,
      recordName: 'api',
      target: ip,
      failover: route53.Failover.PRIMARY,
      setIdentifier: 'primary',
      healthCheck: fastCheck(stack),
      ttl: Duration.seconds(60),
    });
    new route53.ARecord(stack, 'Secondary', {
      zone,
      recordName: 'api',
      target: route53.RecordTarget.fromIpAddresses('192.0.2.20'),
      failover: route53.Failover.SECONDARY,
      setIdentifier: 'secondary',
      ttl: Duration.seconds(30),
    });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([]);
  });

  test('fails when a failover PRIMARY record has no health check', () => {
    // GIVEN: the ARecord L2 itself refuses a PRIMARY without healthCheck, so the gap comes from an L1
    const stack = newStack();
    new route53.CfnRecordSet(stack, 'Primary', {
      hostedZoneId: zoneIn(stack).hostedZoneId,
      name: 'api.example.com.',
      type: 'A',
      resourceRecords: ['192.0.2.10'],
      ttl: '60',
      failover: 'PRIMARY',
      setIdentifier: 'primary',
    });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${HEALTH}:error`]);
    expect(findingsOf(stack, HEALTH)[0].paths).toEqual(['Stack/Primary']);
  });

  test('fails when the health check of an L2 PRIMARY record is removed with an escape hatch', () => {
    // GIVEN
    const stack = newStack();
    const record = new route53.ARecord(stack, 'Primary', {
      zone: zoneIn(stack),
      recordName: 'api',
      target: ip,
      failover: route53.Failover.PRIMARY,
      setIdentifier: 'primary',
      healthCheck: fastCheck(stack),
      ttl: Duration.seconds(60),
    });
    (record.node.defaultChild as route53.CfnRecordSet).addPropertyDeletionOverride('HealthCheckId');
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${HEALTH}:error`]);
  });

  test('fails when latency and weighted records have no health check', () => {
    // GIVEN
    const stack = newStack();
    const zone = zoneIn(stack);
    new route53.CnameRecord(stack, 'Latency', {
      zone, recordName: 'lat', domainName: 'us-east-1.example.com', region: 'us-east-1', setIdentifier: 'use1',
    });
    new route53.CnameRecord(stack, 'Weighted', {
      zone, recordName: 'w', domainName: 'blue.example.com', weight: 10, setIdentifier: 'blue',
    });
    // WHEN
    const findings = findingsOf(stack, HEALTH);
    // THEN
    expect(findings).toEqual([{ id: HEALTH, level: 'error', paths: ['Stack/Latency/Resource', 'Stack/Weighted/Resource'] }]);
  });

  test('passes a latency alias record that evaluates its target health, and a plain simple record', () => {
    // GIVEN
    const stack = newStack();
    const zone = zoneIn(stack);
    new route53.ARecord(stack, 'Alias', {
      zone,
      recordName: 'api',
      region: 'us-east-1',
      setIdentifier: 'use1',
      target: route53.RecordTarget.fromAlias({
        bind: () => ({ dnsName: 'lb-123.us-east-1.elb.amazonaws.com', hostedZoneId: 'Z35SXDOTRQ7X7K', evaluateTargetHealth: true }),
      }),
    });
    new route53.ARecord(stack, 'Simple', { zone, recordName: 'www', target: ip });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([]);
  });

  test('fails when a latency alias record does not evaluate its target health', () => {
    // GIVEN
    const stack = newStack();
    new route53.ARecord(stack, 'Alias', {
      zone: zoneIn(stack),
      recordName: 'api',
      region: 'us-east-1',
      setIdentifier: 'use1',
      target: route53.RecordTarget.fromAlias({ bind: () => ({ dnsName: 'lb-123.us-east-1.elb.amazonaws.com', hostedZoneId: 'Z35SXDOTRQ7X7K' }) }),
    });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${HEALTH}:error`]);
  });

  test('fails when one record of a RecordSetGroup is weighted without a health check', () => {
    // GIVEN
    const stack = newStack();
    new route53.CfnRecordSetGroup(stack, 'Group', {
      hostedZoneName: 'example.com.',
      recordSets: [
        { name: 'w.example.com.', type: 'A', ttl: '60', resourceRecords: ['192.0.2.1'], weight: 1, setIdentifier: 'a', healthCheckId: 'abc-123' },
        { name: 'w.example.com.', type: 'A', ttl: '60', resourceRecords: ['192.0.2.2'], weight: 1, setIdentifier: 'b' },
      ],
    });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${HEALTH}:error`]);
  });
});

describe('Route 53 failover TTL', () => {
  test('fails when a failover record keeps the default 30 minute TTL', () => {
    // GIVEN
    const stack = newStack();
    new route53.ARecord(stack, 'Secondary', {
      zone: zoneIn(stack), recordName: 'api', target: ip, failover: route53.Failover.SECONDARY, setIdentifier: 'secondary',
    });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${TTL}:error`]);
  });

  test('fails when a failover record in a RecordSetGroup has a TTL above 60 s', () => {
    // GIVEN
    const stack = newStack();
    new route53.CfnRecordSetGroup(stack, 'Group', {
      hostedZoneName: 'example.com.',
      recordSets: [
        { name: 'f.example.com.', type: 'A', ttl: '61', resourceRecords: ['192.0.2.1'], failover: 'PRIMARY', setIdentifier: 'p', healthCheckId: 'abc' },
      ],
    });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${TTL}:error`]);
  });

  test('passes a long TTL on a record that is not a failover record', () => {
    // GIVEN
    const stack = newStack();
    new route53.ARecord(stack, 'Simple', { zone: zoneIn(stack), recordName: 'www', target: ip, ttl: Duration.hours(1) });
    // WHEN
    const findings = findingsOf(stack, TTL);
    // THEN
    expect(findings).toEqual([]);
  });
});

describe('Route 53 health check detection time', () => {
  test('fails (warning) when a health check keeps Route 53 defaults: 3 x (30 s + 6 s) = 108 s', () => {
    // GIVEN
    const stack = newStack();
    new route53.HealthCheck(stack, 'Slow', { type: route53.HealthCheckType.HTTPS, fqdn: 'api.example.com' });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${DETECTION}:warning`]);
  });

  test('fails (warning) when a raw L1 health check leaves interval and threshold to their defaults', () => {
    // GIVEN
    const stack = newStack();
    new route53.CfnHealthCheck(stack, 'Raw', { healthCheckConfig: { type: 'TCP', ipAddress: '192.0.2.1', port: 443 } });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${DETECTION}:warning`]);
  });

  test('passes a fast health check (3 x (10 s + 6 s) = 48 s) and ignores calculated checks', () => {
    // GIVEN
    const stack = newStack();
    const child = fastCheck(stack);
    new route53.HealthCheck(stack, 'Calculated', { type: route53.HealthCheckType.CALCULATED, childHealthChecks: [child] });
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([]);
  });

  test('passes Route 53 defaults when the bound is raised to 108 s, and counts the request timeout', () => {
    // GIVEN
    const stack = newStack();
    new route53.HealthCheck(stack, 'Slow', { type: route53.HealthCheckType.HTTPS, fqdn: 'api.example.com' });
    // WHEN / THEN: 3 x (30 s + 6 s) = 108 s, not 3 x 30 s = 90 s
    expect(idsAndLevels(stack, { maxHealthCheckDetectionSeconds: 107 })).toEqual([`${DETECTION}:warning`]);
    const findings = idsAndLevels(stack, { maxHealthCheckDetectionSeconds: 108 });
    // THEN
    expect(findings).toEqual([]);
    expect(ResilienceChecks.DEFAULT_MAX_HEALTH_CHECK_DETECTION_SECONDS).toBe(60);
  });

  test('fails to construct the pack with a bound that is not a positive number', () => {
    // GIVEN / WHEN / THEN
    expect(() => new ResilienceChecks(undefined, { maxHealthCheckDetectionSeconds: 0 }))
      .toThrow(/invalid maxHealthCheckDetectionSeconds 0.*Fix:/);
  });

  test.each<[string, unknown, RegExp]>([
    ['NaN', NaN, /invalid maxHealthCheckDetectionSeconds NaN:/],
    ['negative', -1, /invalid maxHealthCheckDetectionSeconds -1:/],
    ['infinite', Infinity, /invalid maxHealthCheckDetectionSeconds Infinity:/],
    ['a string (shown quoted, as given)', '60', /invalid maxHealthCheckDetectionSeconds '60':/],
  ])('fails when the bound is %s', (_, bound, message) => {
    const make = () => new ResilienceChecks(undefined, { maxHealthCheckDetectionSeconds: bound as number });
    expect(make).toThrow(message);
    expect(make).toThrow(/^\[ResilienceChecks\] invalid maxHealthCheckDetectionSeconds .+: the bound is compared at synth time, with a positive, finite number of seconds\. Allowed: a positive number of seconds\. Fix: pass e\.g\. 60, or leave it unset\.$/);
  });

  test('accepts a fractional bound', () => {
    expect(() => new ResilienceChecks(undefined, { maxHealthCheckDetectionSeconds: 0.5 })).not.toThrow();
  });
});
