import { Resource, Stack } from 'aws-cdk-lib';
import { AddToResourcePolicyResult, Grant, IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias, IKey, KeyReference } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge, nagPartition } from './acknowledge';
import { configError } from './errors';

/**
 * A KMS key in this stack's region known only by its alias, for grants from a stack that must not reference the stack
 * holding the key (its ARN would become an export/import between the two). IAM cannot name a key by its alias in
 * `Resource`, so each grant names the region's keys and narrows them with `kms:ResourceAliases` to the key behind
 * the alias (https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html). An alias change takes
 * up to five minutes to reach authorization.
 */
export class AliasedKey extends Resource implements IKey {
  /**
   * The request context under which `key` is used: for an aliased key, the alias the grants are narrowed to (what KMS
   * sets in `kms:ResourceAliases` for the key behind it); nothing for a key known by its ARN.
   */
  public static useContext(key: IKey): Record<string, string> {
    return key instanceof AliasedKey ? { 'kms:ResourceAliases': key.aliasName } : {};
  }

  public readonly keyArn: string;
  public readonly keyId = '*';

  constructor(scope: Construct, id: string, private readonly aliasName: string) {
    super(scope, id);
    this.keyArn = Stack.of(this).formatArn({ service: 'kms', resource: 'key', resourceName: '*' });
  }

  public get keyRef(): KeyReference {
    return { keyArn: this.keyArn, keyId: this.keyId };
  }

  public addAlias(alias: string): Alias {
    throw configError(this, {
      setting: 'alias',
      value: alias,
      problem: 'this key is known only by its alias here; its stack owns it',
      allowed: 'aliases added where the key is created',
      fix: 'add the alias in the stack that creates the key',
    });
  }

  /** The key policy belongs to the stack that creates the key: nothing is added from here. */
  public addToResourcePolicy(_statement: PolicyStatement): AddToResourcePolicyResult {
    return { statementAdded: false };
  }

  public grant(grantee: IGrantable, ...actions: string[]): Grant {
    const grant = Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: [this.keyArn],
      conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': this.aliasName } },
    });
    const principal = grantee.grantPrincipal;
    if (Construct.isConstruct(principal)) {
      const stack = Stack.of(this);
      acknowledge(principal, [`AwsSolutions-IAM5[Resource::arn:${nagPartition(stack)}:kms:${stack.region}:${stack.account}:key/*]`],
        `Only the key behind ${this.aliasName} in ${stack.region} (kms:ResourceAliases condition): IAM cannot name a key by its ` +
        'alias, and its ARN is not referenced across stacks');
    }
    return grant;
  }

  public grantDecrypt(grantee: IGrantable): Grant {
    return this.grant(grantee, ...DECRYPT);
  }

  public grantEncrypt(grantee: IGrantable): Grant {
    return this.grant(grantee, ...ENCRYPT);
  }

  public grantEncryptDecrypt(grantee: IGrantable): Grant {
    return this.grant(grantee, ...DECRYPT, ...ENCRYPT);
  }

  public grantSign(grantee: IGrantable): Grant {
    return this.grant(grantee, 'kms:Sign');
  }

  public grantVerify(grantee: IGrantable): Grant {
    return this.grant(grantee, 'kms:Verify');
  }

  public grantSignVerify(grantee: IGrantable): Grant {
    return this.grant(grantee, 'kms:Sign', 'kms:Verify');
  }

  public grantGenerateMac(grantee: IGrantable): Grant {
    return this.grant(grantee, 'kms:GenerateMac');
  }

  public grantVerifyMac(grantee: IGrantable): Grant {
    return this.grant(grantee, 'kms:VerifyMac');
  }
}

// The action sets of aws-cdk-lib's own key grants (aws-kms/lib/key-grants).
const DECRYPT = ['kms:Decrypt'];
const ENCRYPT = ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];
