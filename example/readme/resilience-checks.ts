import { App, Stack } from 'aws-cdk-lib';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { ResilienceChecks } from 'cdk-resilient-serverless';

// Any CDK app, with or without this library's constructs: the pack reads the synthesized resources.
const app = new App();
const stack = new Stack(app, 'Ledger', { env: { account: '123456789012', region: 'us-east-1' } });
new TableV2(stack, 'Entries', {
  partitionKey: { name: 'id', type: AttributeType.STRING },
  replicas: [{ region: 'eu-west-1' }],
});

// In a test or a CI step: every finding, with its id, level and fix.
const { violations } = new ResilienceChecks().validateScope(app);
for (const violation of violations) {
  const where = violation.violatingResources.map((r) => r.constructPath).join(', ');
  console.log(`${violation.severity} ${violation.ruleName} at ${where}`);
}
// error Resilience-DDBGlobalTablePITR at Ledger/Entries/Resource
// error Resilience-DDBGlobalTableDeletionProtection at Ledger/Entries/Resource
