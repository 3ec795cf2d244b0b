import { TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { IKey } from 'aws-cdk-lib/aws-kms';

/**
 * How every replica of a `GlobalTableStore` is encrypted at rest.
 */
export abstract class StoreEncryption {
  /**
   * A key owned by DynamoDB: no cost, no key to manage, no key policy of yours.
   */
  public static dynamoOwnedKey(): StoreEncryption {
    return new StoreEncryptionImpl(TableEncryption.DEFAULT);
  }

  /**
   * A customer-managed key per region, created by the library with rotation: in the primary cell for the
   * primary replica, and in each secondary region's prerequisites stack (which deploys before the table).
   */
  public static customerManagedKeys(): StoreEncryption {
    return new StoreEncryptionImpl(TableEncryption.CUSTOMER_MANAGED);
  }

  /**
   * Customer-managed keys of your own: `tableKey` in the primary region (in the primary cell), and for every
   * other region the ARN (or alias ARN) of a key that exists there before the table is deployed.
   *
   * @param tableKey the key of the primary region's replica
   * @param replicaKeyArns key ARNs by region, one for every secondary region
   */
  public static suppliedKeys(tableKey: IKey, replicaKeyArns: { [region: string]: string }): StoreEncryption {
    return new StoreEncryptionImpl(TableEncryption.CUSTOMER_MANAGED, tableKey, replicaKeyArns);
  }

  /** The DynamoDB encryption type. */
  public abstract readonly type: TableEncryption;
  /** The primary's key, when supplied. */
  public abstract readonly tableKey?: IKey;
  /** The secondary regions' key ARNs, when supplied. */
  public abstract readonly replicaKeyArns?: { [region: string]: string };
}

class StoreEncryptionImpl extends StoreEncryption {
  constructor(
    public readonly type: TableEncryption,
    public readonly tableKey?: IKey,
    public readonly replicaKeyArns?: { [region: string]: string },
  ) {
    super();
  }
}
