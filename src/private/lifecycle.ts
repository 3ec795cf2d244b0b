import { RemovalPolicy } from 'aws-cdk-lib';

/**
 * The removal policy of what the library keeps (log groups, backup vaults, keys, the table): retained when the stack
 * updates it away or is deleted, but deleted when the stack operation that created it rolls back (DeletionPolicy
 * `RetainExceptOnCreate`). It holds no data yet then, and a retained named resource would make the next deploy fail
 * with "already exists".
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.RemovalPolicy.html (RETAIN_ON_UPDATE_OR_DELETE)
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
 */
export const KEEP_EXCEPT_ON_CREATE = RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;
