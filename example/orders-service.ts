import { App } from 'aws-cdk-lib';
import { MultiRegionTopology } from '../src';

/** The regions of the example, primary first, then in failover order. */
export const ORDERS_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

export interface OrdersServiceProps {
  /** The account to deploy to. */
  readonly account: string;
}

/**
 * The example service: an orders API for customers on two continents, in three regional cells.
 * It grows as the library's constructs land: replicated functions, the orders table, DNS failover, the checkout saga.
 */
export function buildOrdersService(app: App, props: OrdersServiceProps): MultiRegionTopology {
  return new MultiRegionTopology(app, 'Orders', {
    account: props.account,
    primaryRegion: 'us-east-1',
    regions: ORDERS_REGIONS,
  });
}
