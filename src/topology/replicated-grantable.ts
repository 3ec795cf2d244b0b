import { IPrincipal } from 'aws-cdk-lib/aws-iam';

/**
 * Something that exists once per region of a topology and can be granted permissions region by region,
 * such as a `ReplicatedFunction`.
 *
 * Stores and functions of this library grant a replicated grantee access to their own replica in the
 * grantee's region only: a replica never needs, and never gets, access to another region.
 */
export interface IReplicatedGrantable {
  /**
   * The principal that acts in `region`.
   *
   * @throws if the grantee has no replica in `region`
   */
  grantPrincipalIn(region: string): IPrincipal;
}
