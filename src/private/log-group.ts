import { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, LogGroupProps, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * A log group encrypted with `key` (its cell's key) and kept for a year unless `props` says otherwise: every log group
 * the library creates is made here.
 */
export function encryptedLogGroup(scope: Construct, id: string, key: IKey | undefined, props: LogGroupProps = {}): LogGroup {
  return new LogGroup(scope, id, { ...props, retention: props.retention ?? RetentionDays.ONE_YEAR, encryptionKey: key });
}
