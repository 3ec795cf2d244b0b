// The one place the pack imports cdk-nag from (a peer dependency: the user's own cdk-nag 3).
export { NagMessageLevel, NagPack, NagRuleCompliance } from 'cdk-nag';
export type { NagPackProps, NagRuleResult } from 'cdk-nag';
