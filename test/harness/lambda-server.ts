import { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo, createServer as createNetServer } from 'node:net';
import { LoopbackServer, ScriptedLoopbackServer } from './loopback-server';

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
export class LoopbackLambda extends ScriptedLoopbackServer<Behaviour> {
  public static async start(name: string, script: Behaviour[] = [{ kind: 'ok' }]): Promise<LoopbackLambda> {
    return new LoopbackLambda(name, script).listen();
  }

  public readonly requests: { functionName: string; payload: unknown; clientContext?: unknown; traceHeader?: string }[] = [];
  private readonly holding: Array<() => void> = [];

  private constructor(public readonly name: string, script: Behaviour[]) {
    super(script);
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
    await super.stop();
  }

  protected handle(req: IncomingMessage, body: string, res: ServerResponse): Promise<void> | void {
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      return error(res, 404, 'ResourceNotFoundException', `no such route ${req.method} ${req.url}`);
    }
    const clientContext = req.headers['x-amz-client-context'];
    const traceHeader = req.headers['x-amzn-trace-id'];
    this.requests.push({
      functionName: decodeURIComponent(match[1]),
      payload: body ? JSON.parse(body) : undefined,
      ...(typeof clientContext === 'string' ? { clientContext: JSON.parse(Buffer.from(clientContext, 'base64').toString()) } : {}),
      ...(typeof traceHeader === 'string' ? { traceHeader } : {}),
    });
    return this.answer(res, this.next());
  }

  private async answer(res: ServerResponse, behaviour: Behaviour): Promise<void> {
    switch (behaviour.kind) {
      case 'ok':
        if (behaviour.delayMs && !await this.delay(res, behaviour.delayMs)) return;
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
        return this.hold(res);
      case 'held':
        this.hold(res);
        this.holding.push(() => {
          if (this.unhold(res)) void this.answer(res, behaviour.then ?? { kind: 'ok' });
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
export class LoopbackSsm extends LoopbackServer {
  public static async start(parameters: Record<string, string>): Promise<LoopbackSsm> {
    return new LoopbackSsm(parameters).listen();
  }

  public readonly requested: string[] = [];

  private constructor(private readonly parameters: Record<string, string>) {
    super();
  }

  protected handle(req: IncomingMessage, body: string, res: ServerResponse): void {
    const target = req.headers['x-amz-target'];
    const { Name } = JSON.parse(body || '{}');
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
  }
}

/** What a fake DynamoDB answers to one call. */
export type DynamoBehaviour =
  | { kind: 'ok'; delayMs?: number }
  | { kind: 'server-error' }
  | { kind: 'not-found' }
  | { kind: 'access-denied' };

/** Tables by name, each its key schema: attribute name to type (S, N or B). */
export type DynamoKeySchemas = Record<string, Record<string, string>>;

/**
 * A loopback HTTP server that speaks DynamoDB's JSON 1.0 protocol for `GetItem` (no such item) and `Query` (an empty
 * page), with scripted faults, for the real `@aws-sdk/client-dynamodb`. Like DynamoDB it refuses a table it does not
 * have, a GetItem key that is not the table's whole key schema and a Query on another attribute than the partition key
 * (the schema's first), with the same error names. Every request's target and body is recorded.
 */
export class LoopbackDynamoDb extends ScriptedLoopbackServer<DynamoBehaviour> {
  public static async start(tables: DynamoKeySchemas): Promise<LoopbackDynamoDb> {
    return new LoopbackDynamoDb(tables).listen();
  }

  public readonly requests: { target: string; body: any }[] = [];

  private constructor(private readonly tables: DynamoKeySchemas) {
    super([{ kind: 'ok' }]);
  }

  protected async handle(req: IncomingMessage, body: string, res: ServerResponse): Promise<void> {
    const target = String(req.headers['x-amz-target']);
    this.requests.push({ target, body: JSON.parse(body || '{}') });
    const answer = (status: number, content: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(content));
    };
    if (target !== 'DynamoDB_20120810.GetItem' && target !== 'DynamoDB_20120810.Query') {
      return answer(400, { __type: 'com.amazon.coral.service#UnknownOperationException', message: target });
    }
    const { TableName, Key, ExpressionAttributeNames, ExpressionAttributeValues } = JSON.parse(body || '{}');
    const schema = this.tables[TableName];
    if (!schema) return answer(400, { __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message: 'Requested resource not found' });
    const query = target.endsWith('.Query');
    const given = query
      ? [`${ExpressionAttributeNames?.['#k']}:${Object.keys(ExpressionAttributeValues?.[':v'] ?? {}).join()}`]
      : Object.entries(Key ?? {}).map(([name, value]) => `${name}:${Object.keys(value as object).join()}`).sort();
    const wanted = Object.entries(schema).slice(0, query ? 1 : undefined).map(([name, type]) => `${name}:${type}`).sort();
    if (given.join() !== wanted.join()) {
      return answer(400, { __type: 'com.amazon.coral.validate#ValidationException', message: 'The provided key element does not match the schema' });
    }
    const behaviour = this.next();
    switch (behaviour.kind) {
      case 'ok':
        if (behaviour.delayMs && !await this.delay(res, behaviour.delayMs)) return;
        return answer(200, query ? { Items: [], Count: 0, ScannedCount: 0 } : {});
      case 'server-error':
        return answer(500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' });
      case 'not-found':
        return answer(400, { __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message: 'Requested resource not found' });
      case 'access-denied':
        return answer(400, { __type: 'com.amazon.coral.service#AccessDeniedException', message: `not authorized to perform: dynamodb:${target.split('.')[1]}` });
    }
  }
}
