/**
 * The list prices the resilience report's cost assumes: US East (N. Virginia), USD, without free tiers (an account's
 * free allowances are shared with everything else in it, and the 12-month ones expire). Each with where it was read.
 * Read on PRICES_READ from the stored copies of the pricing pages named; where a price was not in a stored page, its
 * `source` says so and which figure was used.
 */

/** When the prices below were read. */
export const PRICES_READ = '2026-12-03';

/** Where the prices apply. */
export const PRICE_REGION = 'us-east-1';

/** Hours in a month as AWS prices count them (730), in seconds. */
export const SECONDS_PER_MONTH = 730 * 3600;

/** One assumed price. */
export interface Price {
  readonly name: string;
  readonly usd: number;
  readonly unit: string;
  readonly source: string;
}

const ROUTE53 = 'https://aws.amazon.com/route53/pricing/ (as transcribed, read 2026-09-20, in api-evangelist/amazon-route53-resolver)';
const LAMBDA = 'https://aws.amazon.com/lambda/pricing/';

export const PRICES = {
  healthCheckAws: { name: 'Route 53 health check, AWS endpoint', usd: 0.5, unit: 'health check-month', source: ROUTE53 },
  healthCheckNonAws: { name: 'Route 53 health check, non-AWS endpoint', usd: 0.75, unit: 'health check-month', source: ROUTE53 },
  featureAws: {
    name: 'Route 53 optional feature (HTTPS, string matching, fast interval, latency measurement), AWS endpoint',
    usd: 1,
    unit: 'feature-month',
    source: ROUTE53,
  },
  featureNonAws: { name: 'Route 53 optional feature, non-AWS endpoint', usd: 2, unit: 'feature-month', source: ROUTE53 },
  alarmMetric: {
    name: 'CloudWatch alarm, standard resolution (a metric-math alarm bills each metric it reads)',
    usd: 0.1,
    unit: 'alarm metric-month',
    // The AWS page itself was not among the stored pages; its figures as quoted by a cost estimator.
    source: 'https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm (https://aws.amazon.com/cloudwatch/pricing/ not stored)',
  },
  alarmMetricHighResolution: {
    name: 'CloudWatch alarm, high resolution (period under 60 s)',
    usd: 0.3,
    unit: 'alarm metric-month',
    source: 'https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm (https://aws.amazon.com/cloudwatch/pricing/ not stored)',
  },
  compositeAlarm: {
    name: 'CloudWatch composite alarm',
    usd: 0.5,
    unit: 'alarm-month',
    source: 'https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm (https://aws.amazon.com/cloudwatch/pricing/ not stored)',
  },
  dashboard: {
    name: 'CloudWatch dashboard (the first 3 of an account free)',
    usd: 3,
    unit: 'dashboard-month',
    source: 'https://aws.amazon.com/cloudwatch/pricing/ (as cited in the dashboards\' documentation: $3.00 per dashboard per month)',
  },
  kmsKey: { name: 'KMS key (each multi-Region replica too; each automatic rotation adds one)', usd: 1, unit: 'key-month', source: 'https://aws.amazon.com/kms/pricing/' },
  lambdaRequest: { name: 'Lambda request', usd: 0.2 / 1e6, unit: 'request', source: LAMBDA },
  lambdaGbSecond: { name: 'Lambda duration, x86', usd: 0.0000166667, unit: 'GB-second', source: `${LAMBDA} ($0.00001667 per GB-s)` },
  lambdaGbSecondArm: {
    name: 'Lambda duration, Arm',
    usd: 0.0000133334,
    unit: 'GB-second',
    source: `${LAMBDA} (the Arm figure was not in the stored copy: AWS's published 20% below x86)`,
  },
  provisionedGbSecond: {
    name: 'Lambda provisioned concurrency, x86',
    usd: 0.0000041667,
    unit: 'GB-second',
    source: `${LAMBDA} (not in the stored copy: AWS's published x86 figure)`,
  },
  provisionedGbSecondArm: {
    name: 'Lambda provisioned concurrency, Arm',
    usd: 0.0000033334,
    unit: 'GB-second',
    source: `${LAMBDA} (not in the stored copy: AWS's published Arm figure)`,
  },
  httpApiRequest: {
    name: 'API Gateway HTTP API request (first 300 million)',
    usd: 1 / 1e6,
    unit: 'request',
    source: 'https://aws.amazon.com/api-gateway/pricing/ (the stored copy lacks the table; $1.00 per million as quoted by https://www.apigatewaycost.com/aws)',
  },
  logIngestion: {
    name: 'CloudWatch Logs ingestion (standard)',
    usd: 0.5,
    unit: 'GB',
    source: 'https://go-cloud.io/aws-api-gateway-pricing ($0.50 per GB ingested; https://aws.amazon.com/cloudwatch/pricing/ not stored)',
  },
  dynamodbReadUnit: {
    name: 'DynamoDB on-demand read request unit',
    usd: 0.125 / 1e6,
    unit: 'read request unit',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (not stored: AWS\'s published $0.125 per million since November 2024)',
  },
} satisfies Record<string, Price>;

/**
 * Route 53's checkers: "A Route 53 health checker in each health-checking region sends a health check request to an
 * endpoint every 30 seconds. On average, your endpoint receives a health check request about every two seconds"
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_autonaming_HealthCheckConfig.html): about 15 checkers
 * across the 8 checker regions.
 */
export const CHECKERS_ALL_REGIONS = 15;
export const CHECKER_REGION_COUNT = 8;

/**
 * What one request to the health endpoint is assumed to cost beyond its price per request: how long the health
 * handler runs when it answers from its cache and when it checks, how long the service answers the health event, and
 * the access-log line the stage writes (its JSON format names 12 fields; about 400 bytes with the health route's key,
 * plus the 26 bytes CloudWatch Logs counts per event).
 */
export const HEALTH_REQUEST = { cachedMs: 5, checkMs: 40, serviceMs: 10, accessLogBytes: 400 + 26 };

/** What a probe invocation is assumed to take: the probe itself and the replica's answer. */
export const PROBE_REQUEST = { probeMs: 100, serviceMs: 10 };
