import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { configError } from '../private/errors';

/**
 * Who holds each name that must be unique in an account (and region), per app (`node.root`): stages share one account's
 * names, so two stages of one app can collide as surely as two constructs of one stage.
 */
const HOLDERS = new WeakMap<IConstruct, Map<string, IConstruct>>();

/**
 * Records `owner` as the holder of `key` in its app, and returns the construct that held it before, if another did.
 * Claiming again for the same owner is a no-op.
 */
export function claimName(key: string[], owner: IConstruct): IConstruct | undefined {
  const root = owner.node.root;
  let holders = HOLDERS.get(root);
  if (!holders) {
    holders = new Map();
    HOLDERS.set(root, holders);
  }
  const id = key.join('\0');
  const holder = holders.get(id);
  if (holder && holder !== owner) return holder;
  holders.set(id, owner);
  return undefined;
}

/** A prop name (`functionName`), as opposed to a name that only derives from ids (`state machine name`). */
const PROP_NAME = /^[a-z][A-Za-z]*$/;

/** A physical name (a function, table or state machine name) that one resource takes in each of `regions`. */
export interface PhysicalNameClaim {
  /** The prop that sets the name, as the user writes it (`functionName`), or what the name is when no prop sets it. */
  readonly setting: string;
  /** The name. Tokens are not claimed: their value is only known at deploy time. */
  readonly name: string;
  readonly account: string;
  readonly regions: readonly string[];
}

/**
 * Refuses a physical name that another construct of the app already takes in the same account and region: the second
 * resource would fail to create ("already exists") or, for a name CloudFormation adopts, fight the first one.
 */
export function claimPhysicalName(owner: IConstruct, claim: PhysicalNameClaim): void {
  if (Token.isUnresolved(claim.name)) return;
  for (const region of claim.regions) {
    const holder = claimName(['physical-name', claim.setting, claim.account, region, claim.name], owner);
    if (holder) {
      throw configError(owner, {
        setting: claim.setting,
        value: claim.name,
        problem: `'${holder.node.path}' already takes this name in account ${claim.account}, region ${region}, and the ` +
          'name is unique per account and region: the second resource would fail to deploy with "already exists"',
        allowed: `a ${claim.setting} that no other construct of the app takes in the same account and region`,
        fix: PROP_NAME.test(claim.setting)
          ? `give one of the two another \`${claim.setting}\` (set it, or change the construct id it is derived from)`
          : 'change the construct id of one of the two (the name is derived from it)',
      });
    }
  }
}
