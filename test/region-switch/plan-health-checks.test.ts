import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOOKUP_HANDLER_SOURCE } from '../../src/region-switch/plan-health-checks';

// The lookup's handler, run as Lambda would run it, against a stand-in for the Region switch client (its package is not
// a dependency here, and the API has no local emulator): pages of ListRoute53HealthChecks answers, scripted per test.
// CloudFormation's response goes to a real HTTP server on 127.0.0.1.

const PLAN = 'arn:aws:arc-region-switch::123456789012:plan/Orders:abc123';
const PROPS = { PlanArn: PLAN, PlanVersion: '1', HostedZoneId: 'Z0123456789ABCDEFGHIJ', RecordName: 'api.example.com', Regions: ['us-east-1', 'us-west-2'] };

interface Answer { Status: string; Reason: string; PhysicalResourceId: string; Data: Record<string, string> }

/** Runs the handler once with `pages` as the API's answers; returns what it sent CloudFormation and what it asked. */
async function run(pages: object[] | Error, request: Record<string, unknown> = {}, remainingMs = 600_000): Promise<{ answer: Answer; asked: any[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'lookup-'));
  const sdk = join(dir, 'node_modules', '@aws-sdk', 'client-arc-region-switch');
  mkdirSync(sdk, { recursive: true });
  writeFileSync(join(dir, 'pages.json'), JSON.stringify(pages instanceof Error ? { error: pages.message } : { pages }));
  writeFileSync(join(sdk, 'index.js'), `
    const script = require(${JSON.stringify(join(dir, 'pages.json'))});
    const asked = [];
    class ListRoute53HealthChecksCommand { constructor(input) { this.input = input; } }
    class ARCRegionSwitchClient {
      async send(command) {
        asked.push(command.input);
        if (script.error) throw Object.assign(new Error(script.error), { name: 'AccessDeniedException' });
        return script.pages[asked.length - 1];
      }
    }
    module.exports = { ARCRegionSwitchClient, ListRoute53HealthChecksCommand, asked };`);
  writeFileSync(join(dir, 'index.js'), LOOKUP_HANDLER_SOURCE);

  let received = '';
  const server: Server = createServer((req, res) => {
    req.on('data', (chunk) => { received += chunk; });
    req.on('end', () => res.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    let asked: any[] = [];
    await jest.isolateModulesAsync(async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const handler = require(join(dir, 'index.js')).handler;
      await handler({
        RequestType: 'Create',
        ResponseURL: `http://127.0.0.1:${port}/response`,
        StackId: 'stack',
        RequestId: 'request',
        LogicalResourceId: 'SwitchPlanHealthChecks',
        ResourceProperties: PROPS,
        ...request,
      }, { getRemainingTimeInMillis: () => remainingMs });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      asked = require(sdk).asked;
    });
    return { answer: JSON.parse(received), asked };
  } finally {
    // The handler's request may leave a kept-alive connection: end it, so nothing holds the worker open.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}

const check = (region: string, healthCheckId?: string) => ({ hostedZoneId: PROPS.HostedZoneId, recordName: PROPS.RecordName, region, healthCheckId });

describe('the plan health-check lookup (deploy time)', () => {
  beforeAll(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));

  test('answers each region\'s health check by the region field, in the plan\'s region order, whatever order the API lists them in', async () => {
    const { answer, asked } = await run([{ healthChecks: [check('us-west-2', 'hc-west')], nextToken: 'next' }, { healthChecks: [check('us-east-1', 'hc-east')] }]);

    expect(answer).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `${PLAN}|api.example.com`, Data: { HealthCheckId0: 'hc-east', HealthCheckId1: 'hc-west' } });
    // Both pages, filtered to the plan, zone and name.
    expect(asked).toEqual([
      { arn: PLAN, hostedZoneId: PROPS.HostedZoneId, recordName: PROPS.RecordName, nextToken: undefined },
      { arn: PLAN, hostedZoneId: PROPS.HostedZoneId, recordName: PROPS.RecordName, nextToken: 'next' },
    ]);
  });

  test('fails the deployment, naming the missing region, when Region switch has not created its check before the time runs out', async () => {
    const { answer } = await run([{ healthChecks: [check('us-east-1', 'hc-east'), check('us-west-2')] }], {}, 30_000);

    expect(answer.Status).toBe('FAILED');
    expect(answer.Reason).toMatch(/has not created the Route 53 health checks of api\.example\.com in us-west-2 yet/);
  });

  test('fails the deployment with the API\'s error rather than leaving CloudFormation waiting', async () => {
    const { answer } = await run(new Error('not allowed'));

    expect(answer).toMatchObject({ Status: 'FAILED', Reason: 'AccessDeniedException: not allowed' });
  });

  test('a delete calls nothing and succeeds under the same physical id: the plan deletes its own checks', async () => {
    const { answer, asked } = await run([], { RequestType: 'Delete', PhysicalResourceId: `${PLAN}|api.example.com` });

    expect(asked).toEqual([]);
    expect(answer).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `${PLAN}|api.example.com` });
  });
});
