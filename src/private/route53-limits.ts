/**
 * Route 53 health-check limits the failover-time model and the ResilienceChecks pack both rely on. Dependency-free,
 * so a rule pack and a construct read one definition.
 *
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html
 */

/** Route 53's HTTPS limits: a checker connects within 4 s and then needs the response within 2 s. */
export const HTTPS_CHECK_TIMEOUT_SECONDS = 4 + 2;
