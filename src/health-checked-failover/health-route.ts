import { createHash } from 'node:crypto';
import { CfnRoute, CfnStage, HttpRoute, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';

/**
 * The token in the health path: deterministic (every synth and every region's health check agree) and not derivable
 * without the inputs, of which only `salt` is meant to be secret. Region is not an input: one token per failover.
 */
export function healthPathToken(account: string, functionName: string, constructPath: string, salt: string): string {
  return createHash('sha256')
    .update(['cdk-resilient-serverless/health-path', account, functionName, constructPath, salt].join('\n'))
    .digest('hex')
    .slice(0, 32);
}

/**
 * The health route's own token bucket, sized for Route 53's checkers. Each checker requests once per interval (10 or
 * 30 s) from up to 8 checker regions, about 15-16 checkers in all, uncoordinated, so "several requests per second
 * ... followed by a few seconds with no health checks at all"
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html):
 * about 1.6 requests/s on average at 10 s. 5/s is three times that; a burst of 20 admits every checker at the same
 * instant plus an operator's curl. Route-level throttling replaces the stage default for this route, so requests to
 * other paths never draw on this bucket (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html).
 */
export const HEALTH_ROUTE_THROTTLE = { rateLimit: 5, burstLimit: 20 };

/** Gives `route` its own token bucket on `stage` (HEALTH_ROUTE_THROTTLE). */
export function throttleHealthRoute(stage: HttpStage, route: HttpRoute, routeKey: string): void {
  // HttpStage (aws-cdk-lib 2.257) has `throttle` for the stage default only, no route-level settings: set the
  // CfnStage's RouteSettings, keeping any set before.
  const cfnStage = stage.node.defaultChild as CfnStage;
  cfnStage.routeSettings = {
    ...cfnStage.routeSettings,
    [routeKey]: { ThrottlingRateLimit: HEALTH_ROUTE_THROTTLE.rateLimit, ThrottlingBurstLimit: HEALTH_ROUTE_THROTTLE.burstLimit },
  };
  // API Gateway refuses settings for a route key that does not exist yet: create (or, after a rotation, replace) the
  // route first; on delete the stage goes first. A construct dependency renders the same DependsOn, and unlike
  // CfnResource.addDependency it is not deprecated in newer aws-cdk-lib releases.
  cfnStage.node.addDependency(route.node.defaultChild as CfnRoute);
}
