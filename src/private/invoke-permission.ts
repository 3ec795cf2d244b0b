import { Stack } from 'aws-cdk-lib';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';

/**
 * Adds `SourceAccount` to every Lambda invoke permission under `scope` (Control Tower CT.LAMBDA.PR.2): another
 * account's API with a matching ARN pattern cannot invoke. HttpLambdaIntegration scopes its permission by `SourceArn`
 * only and has no prop for the account, hence the override.
 */
export function restrictInvokePermissionsToAccount(scope: IConstruct): void {
  for (const permission of scope.node.findAll().filter((c): c is CfnPermission => c instanceof CfnPermission)) {
    permission.addPropertyOverride('SourceAccount', Stack.of(scope).account);
  }
}
