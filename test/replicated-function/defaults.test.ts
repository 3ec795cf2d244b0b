import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LambdaDeploymentConfig } from 'aws-cdk-lib/aws-codedeploy';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { EndpointAuthorization } from '../../src';
import { renderValue } from '../../src/private/errors';
import * as defaults from '../../src/replicated-function/defaults';

/** Each `@default` in options.ts, by the field it documents. */
function documentedDefaults(): Record<string, string> {
  const source = readFileSync(join(__dirname, '../../src/replicated-function/options.ts'), 'utf8');
  const found: Record<string, string> = {};
  for (const match of source.matchAll(/@default ([^\n]+)\n\s*\*\/\n\s*readonly (\w+)\?/g)) found[match[2]] = match[1].trim();
  return found;
}

describe('the @default docs cite the defaults the validation applies', () => {
  const docs = documentedDefaults();
  test.each<[string, string]>([
    ['aliasName', renderValue(defaults.DEFAULT_ALIAS_NAME)],
    ['deploymentConfig', defaults.DEFAULT_DEPLOYMENT_CONFIG === LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES ? 'LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES' : '?'],
    ['enabled', defaults.DEFAULT_ENDPOINT_MODE === 'when-fronted' ? '- only when something fronts the function: a HealthCheckedFailover whose service it is' : '?'],
    ['authorization', `EndpointAuthorization.${defaults.DEFAULT_ENDPOINT_AUTHORIZATION === EndpointAuthorization.IAM ? 'IAM' : '?'}`],
    ['throttlingRateLimit', renderValue(defaults.DEFAULT_THROTTLING_RATE_LIMIT)],
    ['throttlingBurstLimit', renderValue(defaults.DEFAULT_THROTTLING_BURST_LIMIT)],
    ['utilizationTarget', renderValue(defaults.DEFAULT_UTILIZATION_TARGET)],
    ['interval', renderValue(defaults.DEFAULT_PROBE_INTERVAL)],
    ['payload', renderValue(defaults.DEFAULT_PROBE_PAYLOAD)],
    ['deadLetterRetention', renderValue(defaults.DEFAULT_DEAD_LETTER_RETENTION)],
    ['logGroupRetention', `RetentionDays.${RetentionDays[defaults.DEFAULT_LOG_RETENTION]}`],
    ['logGroupEncryption', renderValue(defaults.DEFAULT_LOG_ENCRYPTION)],
    ['durationAlarmRatio', renderValue(defaults.DEFAULT_DURATION_ALARM_RATIO)],
  ])('%s: @default %s', (field, expected) => {
    expect(docs[field]).toBe(expected);
  });
});
