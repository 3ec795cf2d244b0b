// Checks the runtime clients (FailoverInvoker, FailoverSender) share: region names, and where discovery reads.
import { SERVICE_NAME_PATTERN, SERVICE_NAME_RULE } from '../private/discovery';
import type { ConfigErrorDetails } from '../private/message';

/** A region name as AWS spells it (lower case, e.g. us-east-1, us-gov-west-1). */
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** A construct id that can name an SSM parameter's path segment. */
const CONSTRUCT_ID_PATTERN = /^[A-Za-z0-9_.-]+$/;

/** Builds a client's configuration error (invokerError, senderError). */
export type ErrorBuilder = (details: ConfigErrorDetails) => Error;

/** Checks that `region` is a region name; `what` says which region is meant. */
export function checkRegionName(error: ErrorBuilder, setting: string, region: unknown, what: string): void {
  if (typeof region !== 'string' || !REGION_PATTERN.test(region)) {
    throw error({
      setting,
      value: region,
      problem: typeof region === 'string' && region.length > 0 ? 'it is not a region name' : `a region name is required: ${what}`,
      allowed: 'a region name such as \'us-east-1\' (lower case)',
      fix: `set ${setting} to a region name`,
    });
  }
}

/** The construct whose discovery parameter a client reads: its option, kind and an example id. */
export interface DiscoveredMember {
  readonly setting: string;
  readonly value: unknown;
  readonly construct: string;
  readonly example: string;
}

/** Checks where discovery reads (service name, the member's construct id, the caller's region, an SSM client). */
export function checkDiscoveryLocation(error: ErrorBuilder,
  options: { readonly serviceName?: unknown; readonly region?: unknown; readonly ssmClient?: unknown }, member: DiscoveredMember): void {
  const { serviceName, region, ssmClient } = options;
  if (typeof serviceName !== 'string' || !SERVICE_NAME_PATTERN.test(serviceName)) {
    throw error({
      setting: 'serviceName',
      value: serviceName,
      problem: typeof serviceName === 'string' && serviceName.length > 0
        ? 'a topology refuses this name, so no discovery parameters carry it'
        : 'the topology\'s service name is required: it names the discovery parameters',
      allowed: SERVICE_NAME_RULE,
      fix: 'pass the `serviceName` of the MultiRegionTopology (its construct id when it has none), such as \'Orders\'',
    });
  }
  if (typeof member.value !== 'string' || !CONSTRUCT_ID_PATTERN.test(member.value)) {
    throw error({
      setting: member.setting,
      value: member.value,
      problem: `the ${member.construct}'s construct id is required: it names its discovery parameter`,
      allowed: 'letters, digits, hyphens, underscores and periods (a construct id that can name an SSM parameter)',
      fix: `pass the id the ${member.construct} was created with, such as '${member.example}'`,
    });
  }
  checkRegionName(error, 'region', region, 'the caller\'s own region, where the parameters are read');
  if (ssmClient !== undefined && typeof (ssmClient as { send?: unknown } | null)?.send !== 'function') {
    throw error({
      setting: 'ssmClient',
      value: ssmClient,
      problem: 'it is not an SSM client (it has no send method)',
      allowed: 'an SSMClient of @aws-sdk/client-ssm',
      fix: `pass new SSMClient({ region: '${typeof region === 'string' ? region : 'us-east-1'}' }), or leave it out`,
    });
  }
}
