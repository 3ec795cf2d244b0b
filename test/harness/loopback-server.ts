import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * What every loopback service of the harness shares: an HTTP server on 127.0.0.1 at a random port that reads each
 * request's body whole and hands it to the service, and a stop that also ends the answers a service holds back
 * (`hold`, `delay`), so a test that ends mid-call leaves nothing listening.
 */
export abstract class LoopbackServer {
  private readonly server: Server;
  private readonly pending = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();

  protected constructor() {
    this.server = createServer((req, res) => void this.receive(req, res));
  }

  public get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const res of this.pending) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Starts listening; the static `start` of each service calls it. */
  protected async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** Answers one request whose body has been read. */
  protected abstract handle(req: IncomingMessage, body: string, res: ServerResponse): void | Promise<void>;

  /** Leaves the answer open until `unhold` (or `stop`, which destroys it). */
  protected hold(res: ServerResponse): void {
    this.pending.add(res);
  }

  /** Ends holding an answer; false when the client has gone meanwhile. */
  protected unhold(res: ServerResponse): boolean {
    this.pending.delete(res);
    return !res.destroyed;
  }

  /** Holds the answer for `ms`; false when the client went (or the server stopped) meanwhile. */
  protected async delay(res: ServerResponse, ms: number): Promise<boolean> {
    this.hold(res);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
    return this.unhold(res);
  }

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    await this.handle(req, Buffer.concat(chunks).toString(), res);
  }
}

/** A loopback service whose calls follow a script: each call takes the next behaviour, the last one repeats. */
export abstract class ScriptedLoopbackServer<B> extends LoopbackServer {
  protected constructor(private script: B[]) {
    super();
  }

  /** Replaces the script for the following calls. */
  public behave(...script: B[]): void {
    this.script = script;
  }

  /** The behaviour of the call being answered. */
  protected next(): B {
    return this.script.length > 1 ? this.script.shift()! : this.script[0];
  }
}
