import { Code } from 'aws-cdk-lib/aws-lambda';
import { AssetOptions } from 'aws-cdk-lib/aws-s3-assets';

/**
 * The code of a `ReplicatedFunction`, deployed to every region.
 *
 * Not a `lambda.Code`: an asset `Code` binds to the first stack that uses it and refuses every other, and a
 * replicated function has one stack per region. A `ReplicatedCode` makes a fresh `Code` for each cell, so
 * every region gets its own copy of the same bundle (the same asset hash in every template).
 */
export abstract class ReplicatedCode {
  /**
   * Code from a local directory or .zip file, uploaded as an asset to every region's bootstrap bucket.
   *
   * @param path the directory or .zip file
   * @param options asset options (bundling, exclusions, ...)
   */
  public static fromAsset(path: string, options?: AssetOptions): ReplicatedCode {
    return new FactoryCode(() => Code.fromAsset(path, options), { assetPath: path });
  }

  /**
   * Inline code (up to 4 KiB), written into every region's template.
   *
   * @param code the handler's source
   */
  public static fromInline(code: string): ReplicatedCode {
    return new FactoryCode(() => Code.fromInline(code), { inline: code });
  }

  /**
   * A new `lambda.Code` for one region.
   * @internal
   */
  public abstract _codeForCell(): Code;

  /**
   * What the code is made from, for validation before any cell binds it.
   * @internal
   */
  public abstract _source(): ReplicatedCodeSource;
}

/**
 * Where a `ReplicatedCode` comes from.
 * @internal
 */
export interface ReplicatedCodeSource {
  /** The inline source, for `fromInline`. */
  readonly inline?: string;
  /** The directory or archive, for `fromAsset`. */
  readonly assetPath?: string;
}

class FactoryCode extends ReplicatedCode {
  constructor(private readonly factory: () => Code, private readonly source: ReplicatedCodeSource) {
    super();
  }

  /** @internal */
  public _source(): ReplicatedCodeSource {
    return this.source;
  }

  /** @internal */
  public _codeForCell(): Code {
    return this.factory();
  }
}
