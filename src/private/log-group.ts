import { IRole } from 'aws-cdk-lib/aws-iam';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, LogGroupProps, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { declareLogGroup } from './interactions';
import { KEEP_EXCEPT_ON_CREATE } from './lifecycle';
import { checkOneOf } from './validate';

/**
 * A log group encrypted with `key` (its cell's key), kept for a year and retained except when its stack's creation rolls
 * back, unless `props` says otherwise: every log group the library creates is made here. `writer` (a function's role) may write its streams. Both uses are declared for the
 * wiring proof.
 */
export function encryptedLogGroup(scope: Construct, id: string, key: IKey | undefined, props: LogGroupProps = {},
  writer?: IRole): LogGroup {
  const logGroup = new LogGroup(scope, id, {
    ...props,
    retention: props.retention ?? RetentionDays.ONE_YEAR,
    removalPolicy: props.removalPolicy ?? KEEP_EXCEPT_ON_CREATE,
    encryptionKey: key,
  });
  if (writer) logGroup.grantWrite(writer);
  declareLogGroup(scope, logGroup, key, writer);
  return logGroup;
}

/** The retention periods CloudWatch Logs accepts: the numeric `RetentionDays` values. */
const RETENTION_PERIODS = Object.values(RetentionDays).filter((v): v is RetentionDays => typeof v === 'number');

/** Checks a log retention prop (`setting`) against the periods CloudWatch Logs accepts, and returns it. */
export function checkLogRetention(scope: IConstruct, setting: string, retention: RetentionDays): RetentionDays {
  return checkOneOf(scope, setting, retention, RETENTION_PERIODS,
    'CloudWatch Logs keeps logs for fixed periods only', 'use a RetentionDays value, for example RetentionDays.ONE_YEAR');
}
