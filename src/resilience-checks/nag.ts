// The one place the pack imports cdk-nag from (a peer dependency: the user's own cdk-nag 3). From its modules, not its
// index: the index loads every rule pack cdk-nag ships (about 150 ms at each synth), and this pack needs none of them.
export { NagPack } from 'cdk-nag/lib/nag-pack';
export type { NagPackProps } from 'cdk-nag/lib/nag-pack';
export { NagMessageLevel, NagRuleCompliance } from 'cdk-nag/lib/nag-rules';
export type { NagRuleResult } from 'cdk-nag/lib/nag-rules';
