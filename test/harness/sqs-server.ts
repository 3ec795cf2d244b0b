import { createHash } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

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
export class LoopbackSqs {
  public static async start(name: string, script: SqsBehaviour[] = [{ kind: 'ok' }]): Promise<LoopbackSqs> {
    const server = new LoopbackSqs(name, script);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  public readonly requests: { target: string; body: any }[] = [];
  private readonly server: Server;
  private readonly pending = new Set<ServerResponse>();

  private constructor(public readonly name: string, private script: SqsBehaviour[]) {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  public get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Replaces the script for the following sends. */
  public behave(...script: SqsBehaviour[]): void {
    this.script = script;
  }

  public async stop(): Promise<void> {
    for (const res of this.pending) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target']);
    const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
    this.requests.push({ target, body });
    if (target !== 'AmazonSQS.SendMessage') return error(res, 400, 'InvalidAction', 'AWS.SimpleQueueService.InvalidAction;Sender', target);
    const behaviour = this.script.length > 1 ? this.script.shift()! : this.script[0];
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
        this.pending.add(res);
        return;
    }
  }
}

function error(res: ServerResponse, status: number, type: string, queryError: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': queryError });
  res.end(JSON.stringify({ __type: `com.amazonaws.sqs#${type}`, message }));
}
