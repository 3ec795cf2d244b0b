/**
 * The account of an integration test's topology: the credentials' account when deploying
 * (`npx projen integ:deploy`), a placeholder otherwise. integ-runner synthesizes snapshots with a dummy
 * 8-digit account, which a topology rejects as malformed.
 */
export function integAccount(): string {
  const deployAccount = process.env.CDK_DEFAULT_ACCOUNT ?? '';
  return /^\d{12}$/.test(deployAccount) ? deployAccount : '123456789012';
}
