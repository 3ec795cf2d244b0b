import { createHash } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { ScriptedLoopbackServer } from './loopback-server';

/** What a fake region's queue answers to one SendMessage. */
export type SqsBehaviour =
  | { kind: 'ok' }
  | { kind: 'server-error'; status?: number }
  | { kind: 'throttle' }
  | { kind: 'missing-queue' }
  | { kind: 'invalid-message' }
  | { kind: 'access-denied' }
  | { kind: 'hang' };

/**
 * A loopback HTTP server (127.0.0.1, random port) that speaks SQS's JSON protocol for `SendMessage`
 * (`POST /` with `x-amz-target: AmazonSQS.SendMessage`, `application/x-amz-json-1.0`), with the error shapes of the
 * real service (`__type` and the query-compatible `x-amzn-query-error` header), so the real `@aws-sdk/client-sqs` can
 * be pointed at it. Answers carry the body's MD5, which the SDK checks. Each send takes the next scripted behaviour (the
 * last one repeats); every request is recorded.
 */
export class LoopbackSqs extends ScriptedLoopbackServer<SqsBehaviour> {
  public static async start(name: string, script: SqsBehaviour[] = [{ kind: 'ok' }]): Promise<LoopbackSqs> {
    return new LoopbackSqs(name, script).listen();
  }

  public readonly requests: { target: string; body: any }[] = [];

  private constructor(public readonly name: string, script: SqsBehaviour[]) {
    super(script);
  }

  protected handle(req: IncomingMessage, rawBody: string, res: ServerResponse): void {
    const target = String(req.headers['x-amz-target']);
    const body = JSON.parse(rawBody || '{}');
    this.requests.push({ target, body });
    if (target !== 'AmazonSQS.SendMessage') return error(res, 400, 'InvalidAction', 'AWS.SimpleQueueService.InvalidAction;Sender', target);
    const behaviour = this.next();
    switch (behaviour.kind) {
      case 'ok':
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        return void res.end(JSON.stringify({
          MessageId: `${this.name}-${this.requests.length}`,
          MD5OfMessageBody: createHash('md5').update(body.MessageBody).digest('hex'),
        }));
      case 'server-error':
        return error(res, behaviour.status ?? 500, 'InternalError', 'InternalError;Receiver', 'internal failure');
      case 'throttle':
        return error(res, 400, 'RequestThrottled', 'RequestThrottled;Sender', 'Request is throttled.');
      case 'missing-queue':
        return error(res, 400, 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue;Sender', 'The specified queue does not exist.');
      case 'invalid-message':
        return error(res, 400, 'InvalidMessageContents', 'InvalidMessageContents;Sender', 'Invalid characters found.');
      case 'access-denied':
        return error(res, 403, 'AccessDenied', 'AccessDenied;Sender', 'not authorized to perform: sqs:sendmessage');
      case 'hang':
        return this.hold(res);
    }
  }
}

function error(res: ServerResponse, status: number, type: string, queryError: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': queryError });
  res.end(JSON.stringify({ __type: `com.amazonaws.sqs#${type}`, message }));
}
