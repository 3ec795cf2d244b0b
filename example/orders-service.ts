import { join } from 'node:path';
import { App, Duration } from 'aws-cdk-lib';
import { AttributeType, Operation } from 'aws-cdk-lib/aws-dynamodb';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import { BufferedIngestion, ChaosExperiments, GlobalTableStore, HealthCheckedFailover, MultiRegionTopology, ReplicatedCode, ReplicatedFunction, Saga, SagaTask } from '../src';

/** The regions of the example, primary first, then in failover order. */
export const ORDERS_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

export interface OrdersServiceProps {
  /** The account to deploy to. */
  readonly account: string;
  /** The public hosted zone that serves the API's name. */
  readonly hostedZoneId: string;
  /** The hosted zone's domain name. */
  readonly zoneName: string;
  /**
   * The regions, primary first, then in failover order.
   * @default ORDERS_REGIONS
   */
  readonly regions?: string[];
}

/** What the example builds. */
export interface OrdersService {
  readonly topology: MultiRegionTopology;
  readonly api: ReplicatedFunction;
  readonly orders: GlobalTableStore;
  readonly checkout: Saga;
  readonly failover: HealthCheckedFailover;
  readonly drills: ChaosExperiments;
  readonly fulfilment: BufferedIngestion;
}

/**
 * The example service: an orders API for customers on two continents, in three regional cells.
 * Customers call `api.<zone>`, which DNS fails over from us-east-1 to us-west-2, then eu-west-1.
 */
export function buildOrdersService(app: App, props: OrdersServiceProps): OrdersService {
  const topology = new MultiRegionTopology(app, 'Orders', {
    account: props.account,
    primaryRegion: (props.regions ?? ORDERS_REGIONS)[0],
    regions: props.regions ?? ORDERS_REGIONS,
  });

  const api = new ReplicatedFunction(topology, 'Api', {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: ReplicatedCode.fromAsset(join(__dirname, 'handlers', 'orders-api')),
    timeout: Duration.seconds(5),
    // A guaranteed (and capped) share of each region's concurrency. Lambda keeps 100 unreserved, so this needs an account
    // concurrency quota of at least 200 in every region (new accounts start lower: raise it in Service Quotas first).
    reservedConcurrentExecutions: 100,
    endpoint: { throttlingRateLimit: 50, throttlingBurstLimit: 100 },
  });

  // Orders replicate to every region; each cell's API reads and writes its own replica, with exactly the two calls its
  // handler makes (least privilege; the replica's system-errors alarm then watches those two).
  const orders = new GlobalTableStore(topology, 'OrdersTable', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
  });
  orders.grantOperations(api, Operation.PUT_ITEM, Operation.GET_ITEM);
  api.addEnvironment('ORDERS_TABLE', orders.tableName);

  // One name for customers; a cell whose API or orders replica stops answering leaves DNS within 40 s.
  const failover = new HealthCheckedFailover(topology, 'ApiFailover', {
    service: api,
    hostedZone: HostedZone.fromHostedZoneAttributes(topology.routingStack, 'Zone', { hostedZoneId: props.hostedZoneId, zoneName: props.zoneName }),
    recordName: `api.${props.zoneName}`,
    dependencies: [orders],
    recoveryTimeObjective: Duration.seconds(40),
  });

  // Checkout: reserve stock, then charge; a declined charge undoes both. One saga per cell, calling local replicas,
  // with its log in a global table so operators see where every checkout stands from any region.
  const steps = new ReplicatedFunction(topology, 'CheckoutSteps', {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: ReplicatedCode.fromAsset(join(__dirname, 'handlers', 'checkout')),
    timeout: Duration.seconds(10),
  });
  const task = SagaTask.replicatedFunction(steps);
  const checkout = new Saga(topology, 'Checkout', {
    steps: [
      { name: 'ReserveStock', action: task, compensation: task },
      { name: 'Charge', action: task, compensation: task, retry: { errors: ['States.Timeout', 'Lambda.TooManyRequestsException'] } },
    ],
    log: new GlobalTableStore(topology, 'CheckoutLog', {
      partitionKey: { name: 'execution', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt',
      backup: { enabled: false },
    }),
  });

  // Region-failure drills: AWS FIS templates in every cell (API errors, added latency, paused table replication). The
  // API's health endpoint fails with the API, so a drill moves DNS the way a real outage would.
  const drills = new ChaosExperiments(topology, 'RegionDrills', {
    functions: [api],
    stores: [orders],
    lambdaExtension: {},
    failover,
  });

  // Fulfilment waits in a queue in every cell (a leaky bucket): an order burst is accepted at once and fulfilled at most
  // 10 invocations at a time per region. The API queues orders in its own region; a service that must keep queueing
  // through a region's failure uses the runtime FailoverSender (README) with grantSendMessagesToEveryRegion.
  const fulfilment = new BufferedIngestion(topology, 'Fulfilment', {
    function: new ReplicatedFunction(topology, 'Fulfil', {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: ReplicatedCode.fromAsset(join(__dirname, 'handlers', 'fulfilment')),
      timeout: Duration.seconds(30),
      endpoint: { enabled: false },
    }),
    maxConcurrency: 10,
  });
  fulfilment.grantSendMessages(api);
  api.addEnvironment('FULFILMENT_QUEUE_PARAMETER', fulfilment.queueUrlParameterName);

  return { topology, api, orders, checkout, failover, drills, fulfilment };
}
