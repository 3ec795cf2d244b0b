import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo, createServer as createNetServer } from 'node:net';

/** What a fake region answers to one Invoke call. */
export type Behaviour =
  | { kind: 'ok'; payload?: unknown; delayMs?: number }
  | { kind: 'server-error'; status?: number }
  | { kind: 'throttle'; retryAfterSeconds?: number }
  | { kind: 'not-found' }
  | { kind: 'bad-request' }
  | { kind: 'function-error'; message?: string }
  | { kind: 'hang' }
  /** Holds the answer until `release()`, then answers as `then` (default ok). */
  | { kind: 'held'; then?: Behaviour };

/**
 * A loopback HTTP server (127.0.0.1, random port) that speaks the Lambda Invoke API
 * (`POST /2015-03-31/functions/{name}/invocations`) the way the real service does, including its error shapes,
 * so the real `@aws-sdk/client-lambda` can be pointed at it. Each call takes the next scripted behaviour (the last
 * one repeats), and every request is recorded (with its decoded client context, when it has one).
 */
export class LoopbackLambda {
  public static async start(name: string, script: Behaviour[] = [{ kind: 'ok' }]): Promise<LoopbackLambda> {
    const server = new LoopbackLambda(name, script);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  public readonly requests: { functionName: string; payload: unknown; clientContext?: unknown; traceHeader?: string }[] = [];
  private readonly server: Server;
  private readonly pending = new Set<ServerResponse>();
  private readonly holding: Array<() => void> = [];

  private constructor(public readonly name: string, private script: Behaviour[]) {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  public get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Replaces the script for the following calls. */
  public behave(...script: Behaviour[]): void {
    this.script = script;
  }

  /** How many answers are held. */
  public get held(): number {
    return this.holding.length;
  }

  /** Answers every held request. */
  public release(): void {
    for (const answer of this.holding.splice(0)) answer();
  }

  public async stop(): Promise<void> {
    this.holding.splice(0);
    for (const res of this.pending) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      return error(res, 404, 'ResourceNotFoundException', `no such route ${req.method} ${req.url}`);
    }
    const body = Buffer.concat(chunks).toString();
    const clientContext = req.headers['x-amz-client-context'];
    const traceHeader = req.headers['x-amzn-trace-id'];
    this.requests.push({
      functionName: decodeURIComponent(match[1]),
      payload: body ? JSON.parse(body) : undefined,
      ...(typeof clientContext === 'string' ? { clientContext: JSON.parse(Buffer.from(clientContext, 'base64').toString()) } : {}),
      ...(typeof traceHeader === 'string' ? { traceHeader } : {}),
    });
    return this.answer(res, this.script.length > 1 ? this.script.shift()! : this.script[0]);
  }

  private async answer(res: ServerResponse, behaviour: Behaviour): Promise<void> {
    switch (behaviour.kind) {
      case 'ok':
        if (behaviour.delayMs) {
          this.pending.add(res);
          await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
          this.pending.delete(res);
          if (res.destroyed) return;
        }
        res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '7' });
        return void res.end(JSON.stringify(behaviour.payload ?? { servedBy: this.name }));
      case 'server-error':
        return error(res, behaviour.status ?? 500, 'ServiceException', 'internal failure');
      case 'throttle':
        if (behaviour.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(behaviour.retryAfterSeconds));
        return error(res, 429, 'TooManyRequestsException', 'Rate Exceeded.');
      case 'not-found':
        return error(res, 404, 'ResourceNotFoundException', 'Function not found');
      case 'bad-request':
        return error(res, 400, 'InvalidRequestContentException', 'Could not parse request body into json');
      case 'function-error':
        res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' });
        return void res.end(JSON.stringify({ errorType: 'Error', errorMessage: behaviour.message ?? 'handler failed' }));
      case 'hang':
        this.pending.add(res);
        return;
      case 'held':
        this.pending.add(res);
        this.holding.push(() => {
          this.pending.delete(res);
          if (!res.destroyed) void this.answer(res, behaviour.then ?? { kind: 'ok' });
        });
        return;
    }
  }
}

function error(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
  res.end(JSON.stringify({ Type: status >= 500 ? 'Service' : 'User', message }));
}

/** A loopback address where nothing listens: connections are refused. */
export async function refusingEndpoint(): Promise<string> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/**
 * A loopback HTTP server that speaks SSM's GetParameter (JSON 1.1 protocol) over a fixed set of parameters,
 * for the real `@aws-sdk/client-ssm`.
 */
export class LoopbackSsm {
  public static async start(parameters: Record<string, string>): Promise<LoopbackSsm> {
    const server = new LoopbackSsm(parameters);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  public readonly requested: string[] = [];
  private readonly server: Server;

  private constructor(private readonly parameters: Record<string, string>) {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const target = req.headers['x-amz-target'];
      const { Name } = JSON.parse(Buffer.concat(chunks).toString() || '{}');
      this.requested.push(Name);
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (target !== 'AmazonSSM.GetParameter') {
        res.writeHead(400);
        return void res.end(JSON.stringify({ __type: 'UnknownOperationException', message: String(target) }));
      }
      if (!(Name in this.parameters)) {
        res.writeHead(400);
        return void res.end(JSON.stringify({ __type: 'ParameterNotFound', message: `parameter ${Name} not found` }));
      }
      res.writeHead(200);
      res.end(JSON.stringify({ Parameter: { Name, Type: 'String', Value: this.parameters[Name], Version: 1 } }));
    });
  }

  public get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** What a fake DynamoDB answers to one call. */
export type DynamoBehaviour =
  | { kind: 'ok'; delayMs?: number }
  | { kind: 'server-error' }
  | { kind: 'not-found' };

/**
 * A loopback HTTP server that speaks DynamoDB's JSON 1.0 protocol for `Query` (an empty page), with scripted
 * faults, for the real `@aws-sdk/client-dynamodb`. Every request's target and body is recorded.
 */
export class LoopbackDynamoDb {
  public static async start(behaviour: DynamoBehaviour = { kind: 'ok' }): Promise<LoopbackDynamoDb> {
    const server = new LoopbackDynamoDb(behaviour);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  public readonly requests: { target: string; body: any }[] = [];
  private readonly server: Server;
  private readonly pending = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(private behaviour: DynamoBehaviour) {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const target = String(req.headers['x-amz-target']);
      this.requests.push({ target, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') });
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(body));
      };
      if (target !== 'DynamoDB_20120810.Query') {
        return answer(400, { __type: 'com.amazon.coral.service#UnknownOperationException', message: target });
      }
      switch (this.behaviour.kind) {
        case 'ok':
          if (this.behaviour.delayMs) {
            this.pending.add(res);
            await new Promise((resolve) => this.timers.add(setTimeout(resolve, (this.behaviour as { delayMs: number }).delayMs)));
            this.pending.delete(res);
            if (res.destroyed) return;
          }
          return answer(200, { Items: [], Count: 0, ScannedCount: 0 });
        case 'server-error':
          return answer(500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' });
        case 'not-found':
          return answer(400, { __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message: 'Requested resource not found' });
      }
    });
  }

  public get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Replaces the behaviour for the following calls. */
  public behave(behaviour: DynamoBehaviour): void {
    this.behaviour = behaviour;
  }

  public async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const res of this.pending) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
