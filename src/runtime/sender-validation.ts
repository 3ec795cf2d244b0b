import {
  DEFAULT_BREAKER_FAILURE_THRESHOLD, DEFAULT_BREAKER_OPEN_MS, DEFAULT_SEND_ATTEMPT_TIMEOUT_MS, MAX_DELAY_SECONDS, MAX_MESSAGE_ATTRIBUTES,
  MAX_TIMER_MS, SEND_IDEMPOTENCY_ATTRIBUTE,
} from './defaults';
import { checkDiscoveryLocation, checkRegionName } from './discovery-checks';
import { senderError } from './errors';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency';
import type { FailoverSenderOptions, QueueClient, QueueTarget, SendOptions, SenderDiscoveryOptions } from './sender-types';
import { sqsSdk } from './sqs-sdk';

/** A FailoverSender's options, checked, with every default applied: all the sender is built from. */
export interface SenderSettings {
  readonly targets: readonly QueueTarget[];
  readonly clientForRegion: (region: string) => QueueClient;
  readonly attemptTimeoutMs: number;
  readonly breakerFailureThreshold: number;
  readonly breakerOpenMs: number;
}

/** One send, checked: the body as SQS receives it and its attributes. */
export interface SendSettings {
  readonly body: string;
  readonly idempotencyKey?: string;
  readonly attributes: Record<string, string>;
  readonly delaySeconds?: number;
}

/** A queue URL: `https://sqs.<region>.<domain>/<account>/<name>` (or a custom endpoint's host), the name as SQS allows it. */
const QUEUE_URL_PATTERN = /^https?:\/\/[^/]+\/(\d{12})\/([A-Za-z0-9_-]{1,80})$/;
/** SQS's largest message: 1 MiB (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html). */
const MAX_BODY_BYTES = 1_048_576;

export function validateSenderOptions(options: FailoverSenderOptions): SenderSettings {
  requireObject('options', options, '{ targets: [{ region: \'us-east-1\', queueUrl: \'https://sqs.us-east-1.amazonaws.com/123456789012/Orders-Intake\' }] }');
  return { targets: validateTargets(options.targets), ...validateCommon(options) };
}

/** Checks `FailoverSender.fromDiscovery`'s options before any parameter is read. */
export function validateSenderDiscoveryOptions(options: SenderDiscoveryOptions): void {
  requireObject('options', options, '{ serviceName: \'Orders\', ingestionId: \'Intake\', region: \'us-east-1\' }');
  checkDiscoveryLocation(senderError, options, { setting: 'ingestionId', value: options.ingestionId, construct: 'BufferedIngestion', example: 'Intake' });
  validateCommon(options);
}

/** Checks a queue-url parameter as read, and returns each region's queue URL (the same name in every region). */
export function queueUrlsFromParameter(parameter: string, value: string, ownRegion: string, regions: readonly string[]): QueueTarget[] {
  const match = QUEUE_URL_PATTERN.exec(value);
  const host = match ? new URL(value).host : '';
  if (!match || !host.split('.').includes(ownRegion)) {
    throw senderError({
      setting: `parameter ${parameter}`,
      value,
      problem: `it does not hold a queue URL in ${ownRegion}`,
      allowed: `https://sqs.${ownRegion}.amazonaws.com/<account>/<queue name>, as BufferedIngestion publishes it`,
      fix: 'check ingestionId and region, and that the BufferedIngestion is deployed in the topology\'s cell there',
    });
  }
  const others = regions.filter((r) => r !== ownRegion);
  return [ownRegion, ...others].map((region) => ({
    region,
    queueUrl: value.replace(host, host.split('.').map((part) => (part === ownRegion ? region : part)).join('.')),
  }));
}

/** Checks one send's body and options. */
export function validateSend(body: unknown, options: SendOptions | undefined): SendSettings {
  const opts = options ?? {};
  requireObject('options', opts, '{ idempotencyKey: \'order-1\' }');
  if (typeof body !== 'string' || body.length === 0 || Buffer.byteLength(body) > MAX_BODY_BYTES) {
    throw senderError({
      setting: 'body',
      value: typeof body === 'string' && body.length > 80 ? `<${Buffer.byteLength(body)} bytes>` : body,
      problem: typeof body !== 'string' ? 'a string is required' : body.length === 0 ? 'SQS refuses an empty message' : 'it is larger than SQS\'s 1 MiB',
      allowed: 'a string of 1 byte to 1 MiB (JSON.stringify an object first)',
      fix: 'pass JSON.stringify(message), and keep large payloads in S3 with a pointer in the message',
    });
  }
  const key = opts.idempotencyKey;
  if (key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH)) {
    throw senderError({
      setting: 'idempotencyKey',
      value: key,
      problem: typeof key === 'string' ? `it has ${key.length} characters` : 'a string is required',
      allowed: `1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
      fix: 'pass the business key (an order id), or none for a random one',
    });
  }
  const attributes = opts.attributes ?? {};
  const names = typeof attributes === 'object' && attributes !== null ? Object.keys(attributes) : [];
  const bad = names.find((n) => typeof attributes[n] !== 'string' || n === SEND_IDEMPOTENCY_ATTRIBUTE);
  if (typeof attributes !== 'object' || attributes === null || names.length > MAX_MESSAGE_ATTRIBUTES - 1 || bad !== undefined) {
    throw senderError({
      setting: 'attributes',
      value: attributes,
      problem: bad === SEND_IDEMPOTENCY_ATTRIBUTE ? `'${SEND_IDEMPOTENCY_ATTRIBUTE}' is the sender's own attribute`
        : bad !== undefined ? `attribute '${bad}' is not a string` : `SQS carries ${MAX_MESSAGE_ATTRIBUTES} attributes and the idempotency key takes one`,
      allowed: `an object of up to ${MAX_MESSAGE_ATTRIBUTES - 1} string attributes, not named '${SEND_IDEMPOTENCY_ATTRIBUTE}'`,
      fix: 'pass fewer attributes, as strings, and the idempotency key through idempotencyKey',
    });
  }
  const delay = opts.delaySeconds;
  if (delay !== undefined) checkNumber('delaySeconds', delay, { min: 0, max: MAX_DELAY_SECONDS, integer: true, unit: 'seconds', why: 'SQS delays a message by 0 to 15 minutes' });
  return { body, idempotencyKey: key, attributes, delaySeconds: delay };
}

function validateCommon(options: Omit<FailoverSenderOptions, 'targets'>): Omit<SenderSettings, 'targets'> {
  const clientForRegion = options.clientForRegion;
  if (clientForRegion !== undefined && typeof clientForRegion !== 'function') {
    throw senderError({
      setting: 'clientForRegion',
      value: clientForRegion,
      problem: 'a function is required',
      allowed: 'a function such as (region) => new SQSClient({ region, maxAttempts: 1 })',
      fix: 'pass a function, or leave clientForRegion out',
    });
  }
  const ms = (setting: string, value: number | undefined, fallback: number, min: number, why: string): number =>
    value === undefined ? fallback : checkNumber(setting, value, { min, max: MAX_TIMER_MS, integer: false, unit: 'milliseconds', why, fallback });
  return {
    clientForRegion: clientForRegion ?? defaultClient,
    attemptTimeoutMs: ms('attemptTimeoutMs', options.attemptTimeoutMs, DEFAULT_SEND_ATTEMPT_TIMEOUT_MS, 1,
      'any other value makes Node fire the attempt timer at once, so every send fails over'),
    breakerFailureThreshold: options.breakerFailureThreshold === undefined ? DEFAULT_BREAKER_FAILURE_THRESHOLD
      : checkNumber('breakerFailureThreshold', options.breakerFailureThreshold, {
        min: 1, integer: true, unit: 'consecutive failures', why: 'below 1 or a fraction is no count of failures', fallback: DEFAULT_BREAKER_FAILURE_THRESHOLD,
      }),
    breakerOpenMs: ms('breakerOpenMs', options.breakerOpenMs, DEFAULT_BREAKER_OPEN_MS, 0, 'a negative, NaN or endless open time breaks the breaker'),
  };
}

function validateTargets(targets: unknown): QueueTarget[] {
  if (!Array.isArray(targets) || targets.length === 0) {
    throw senderError({
      setting: 'targets',
      value: targets,
      problem: Array.isArray(targets) ? 'at least one region is required' : 'a list of the queues is required',
      allowed: 'a list of { region, queueUrl }, one per region, the caller\'s own region first',
      fix: 'pass each region\'s queue URL, or build the sender with FailoverSender.fromDiscovery',
    });
  }
  targets.forEach((target: unknown, index) => {
    const at = `targets[${index}]`;
    requireObject(at, target, '{ region: \'us-east-1\', queueUrl: \'https://sqs.us-east-1.amazonaws.com/123456789012/Orders-Intake\' }');
    const { region, queueUrl } = target as QueueTarget;
    checkRegionName(senderError, `${at}.region`, region, 'the region the queue is in');
    if (typeof queueUrl !== 'string' || !QUEUE_URL_PATTERN.test(queueUrl)) {
      throw senderError({
        setting: `${at}.queueUrl`,
        value: queueUrl,
        problem: 'it is not a queue URL',
        allowed: `https://sqs.${region}.amazonaws.com/<12-digit account>/<queue name of 1 to 80 letters, digits, hyphens and underscores>`,
        fix: 'pass the URL the queue\'s discovery parameter holds',
      });
    }
  });
  const regions = (targets as QueueTarget[]).map((t) => t.region);
  const duplicate = regions.find((r, i) => regions.indexOf(r) !== i);
  if (duplicate !== undefined) {
    throw senderError({ setting: 'targets', value: targets, problem: `region '${duplicate}' is listed twice`, allowed: 'one queue per region', fix: 'list each region once' });
  }
  return (targets as QueueTarget[]).map(({ region, queueUrl }) => ({ region, queueUrl }));
}

interface NumberRule {
  readonly min: number;
  readonly max?: number;
  readonly integer: boolean;
  readonly unit: string;
  readonly why: string;
  readonly fallback?: number;
}

function checkNumber(setting: string, value: unknown, rule: NumberRule): number {
  const { min, max, integer, unit } = rule;
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && (max === undefined || value <= max) && (!integer || Number.isInteger(value))) {
    return value;
  }
  const allowed = `a ${integer ? 'whole number' : 'number'} of ${unit} ${max === undefined ? `of at least ${min}` : `from ${min} to ${max}`}`;
  throw senderError({
    setting,
    value,
    problem: `it must be a finite ${integer ? 'integer' : 'number'} >= ${min}${max === undefined ? '' : ` and <= ${max}`} (${rule.why})`,
    allowed,
    fix: `set ${setting} to ${allowed}${rule.fallback === undefined ? '' : `, or leave it out for the default ${rule.fallback}`}`,
  });
}

function requireObject(setting: string, value: unknown, example: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw senderError({
      setting, value, problem: value === undefined ? 'it is required' : 'an object is required', allowed: `an object such as ${example}`, fix: `pass ${example}`,
    });
  }
}

function defaultClient(region: string): QueueClient {
  return new (sqsSdk().SQSClient)({ region, maxAttempts: 1 });
}
