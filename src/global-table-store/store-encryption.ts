import { Stack } from 'aws-cdk-lib';
import { TableEncryption, TableEncryptionV2 } from 'aws-cdk-lib/aws-dynamodb';
import { IKey, Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { KEY_ALIAS_PREFIX } from './defaults';
import { AliasedKey } from '../private/alias-key';
import { rotatingKey } from '../private/kms';
import { DerivedName } from '../private/validate';
import { RegionalCell } from '../topology/regional-cell';

/**
 * Where one replica's encryption is rendered.
 * @internal
 */
export interface StoreEncryptionBinding {
  /** The replica: keys it uses are created (or imported) under it. */
  readonly scope: Construct;
  /** The replica's cell. */
  readonly cell: RegionalCell;
  /** The store's construct id, for constructs placed outside the replica (the prerequisites stack). */
  readonly id: string;
  /** The table name, the same in every region. */
  readonly tableName: string;
}

/**
 * What a replica needs of its encryption.
 * @internal
 */
export interface BoundStoreEncryption {
  /** The key that encrypts this replica, when customer-managed: for its grants. */
  readonly key?: IKey;
  /** The table's encryption, for the global table resource (rendered in the primary cell only). */
  readonly tableEncryption?: TableEncryptionV2;
}

/**
 * How every replica of a `GlobalTableStore` is encrypted at rest.
 */
export abstract class StoreEncryption {
  /**
   * A key owned by DynamoDB: no cost, no key to manage, no key policy of yours.
   */
  public static dynamoOwnedKey(): StoreEncryption {
    return new DynamoOwnedEncryption();
  }

  /**
   * A customer-managed key per region, created by the library with rotation: in the primary cell for the
   * primary replica, and in each secondary region's prerequisites stack (which deploys before the table).
   */
  public static customerManagedKeys(): StoreEncryption {
    return new LibraryKeysEncryption();
  }

  /**
   * Customer-managed keys of your own: `tableKey` in the primary region (in the primary cell), and for every
   * other region the ARN (or alias ARN) of a key that exists there before the table is deployed.
   *
   * @param tableKey the key of the primary region's replica
   * @param replicaKeyArns key ARNs by region, one for every secondary region
   */
  public static suppliedKeys(tableKey: IKey, replicaKeyArns: { [region: string]: string }): StoreEncryption {
    return new SuppliedKeysEncryption(tableKey, replicaKeyArns);
  }

  /** The DynamoDB encryption type. */
  public abstract readonly type: TableEncryption;
  /** The primary's key, when supplied. */
  public abstract readonly tableKey?: IKey;
  /** The secondary regions' key ARNs, when supplied. */
  public abstract readonly replicaKeyArns?: { [region: string]: string };

  /**
   * Renders the encryption of one replica: its key, and in the primary cell the table's encryption.
   * @internal
   */
  public abstract _bind(binding: StoreEncryptionBinding): BoundStoreEncryption;

  /**
   * The names this encryption derives from the table name, checked with it.
   * @internal
   */
  public _derivedNames(): DerivedName[] {
    return [];
  }
}

/** KMS alias names: up to 256 characters of letters, digits, slashes, underscores and hyphens, `alias/` included (KMS). */
const KEY_ALIAS_NAME: DerivedName = {
  what: 'the KMS alias of the replica keys',
  derive: (tableName) => `${KEY_ALIAS_PREFIX}${tableName}`,
  maxLength: 256,
  pattern: /^alias\/[A-Za-z0-9/_-]+$/,
  characters: 'letters, digits, slashes, underscores and hyphens',
};

class DynamoOwnedEncryption extends StoreEncryption {
  public readonly type = TableEncryption.DEFAULT;
  public readonly tableKey = undefined;
  public readonly replicaKeyArns = undefined;

  /** @internal */
  public _bind(binding: StoreEncryptionBinding): BoundStoreEncryption {
    return { tableEncryption: binding.cell.isPrimary ? TableEncryptionV2.dynamoOwnedKey() : undefined };
  }
}

class LibraryKeysEncryption extends StoreEncryption {
  public readonly type = TableEncryption.CUSTOMER_MANAGED;
  public readonly tableKey = undefined;
  public readonly replicaKeyArns = undefined;

  /** @internal */
  public _derivedNames(): DerivedName[] {
    return [KEY_ALIAS_NAME];
  }

  /** @internal */
  public _bind({ scope, cell, id, tableName }: StoreEncryptionBinding): BoundStoreEncryption {
    const alias = KEY_ALIAS_NAME.derive(tableName);
    const description = `Encrypts the ${tableName} replica in ${cell.region}`;
    if (cell.isPrimary) {
      const key = rotatingKey(scope, 'Key', description, alias);
      const stack = Stack.of(scope);
      const replicaKeyArns = Object.fromEntries(cell.topology.secondaryRegions.map((region) => [region,
        // DynamoDB accepts an alias ARN; the alias is deterministic, so no reference crosses regions.
        `arn:${stack.partition}:kms:${region}:${stack.account}:${alias}`]));
      return { key, tableEncryption: TableEncryptionV2.customerManagedKey(key, replicaKeyArns) };
    }
    // A secondary replica's key must exist before the primary creates the replica: it lives in the prerequisites stack.
    // This cell's grants reach it through its alias, so no export/import ties the cell to that stack.
    rotatingKey(cell.prerequisites, `${id}Key`, description, alias);
    return { key: new AliasedKey(scope, 'Key', alias) };
  }
}

class SuppliedKeysEncryption extends StoreEncryption {
  public readonly type = TableEncryption.CUSTOMER_MANAGED;

  constructor(public readonly tableKey: IKey, public readonly replicaKeyArns: { [region: string]: string }) {
    super();
  }

  /** @internal */
  public _bind({ scope, cell }: StoreEncryptionBinding): BoundStoreEncryption {
    if (cell.isPrimary) {
      return { key: this.tableKey, tableEncryption: TableEncryptionV2.customerManagedKey(this.tableKey, this.replicaKeyArns) };
    }
    const arn = this.replicaKeyArns[cell.region];
    // IAM grants on an alias ARN would not reach the key: grant through the alias instead.
    const alias = /:(alias\/.+)$/.exec(arn);
    return { key: alias ? new AliasedKey(scope, 'Key', alias[1]) : Key.fromKeyArn(scope, 'Key', arn) };
  }
}
