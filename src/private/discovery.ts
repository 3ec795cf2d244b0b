/**
 * The names of the SSM parameters the library publishes in every cell, so runtime clients find the topology and its
 * functions from their own region. Dependency-free: the runtime client imports it as well as the constructs.
 */

/** The namespace of a service's parameters, identical in every region. */
export function parameterNamespace(serviceName: string): string {
  return `/cdk-resilient-serverless/${serviceName}`;
}

/** The parameter holding the topology's region order (`{"serviceName","primaryRegion","regions"}`). */
export function topologyParameterName(serviceName: string): string {
  return `${parameterNamespace(serviceName)}/topology`;
}

/** A replicated function's parameter (`alias-arn`, `endpoint-url`), by the function's construct id. */
export function functionParameterName(serviceName: string, functionId: string, key: 'alias-arn' | 'endpoint-url'): string {
  return `${parameterNamespace(serviceName)}/functions/${functionId}/${key}`;
}

/** A buffered ingestion's parameter (`queue-url`), by the ingestion's construct id. */
export function queueParameterName(serviceName: string, ingestionId: string, key: 'queue-url'): string {
  return `${parameterNamespace(serviceName)}/queues/${ingestionId}/${key}`;
}

/**
 * A topology's service name: it prefixes every cell's stack name and its discovery parameters. Shared so the runtime
 * client refuses the names a topology would refuse.
 */
export const SERVICE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;
/** The longest service name the pattern allows (the names built from it may allow less). */
export const SERVICE_NAME_MAX_LENGTH = 64;
/** The service name's rule in words. */
export const SERVICE_NAME_RULE = 'letters, digits and hyphens, starting with a letter, at most 64 characters';
