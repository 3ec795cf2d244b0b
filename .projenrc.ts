import { readFileSync } from 'node:fs';
import { awscdk, JsonFile, javascript } from 'projen';

// Why 2.257.0: cdk-nag 3 needs >= 2.257 and @aws-cdk/integ-runner 2.197.10 (the newest published) reads
// cloud-assembly schema <= 53, which 2.258+ no longer writes. See ../shared/notes/toolchain.md.
const CDK_VERSION = '2.257.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-resilient-serverless',
  description: 'Multi-region, fault-tolerant serverless topologies for AWS CDK v2, with failure behaviour known at synth time.',
  keywords: ['awscdk', 'cdk', 'aws-cdk', 'multi-region', 'resilience', 'failover', 'serverless', 'lambda', 'dynamodb', 'route53'],
  author: 'cdk-resilient-serverless maintainers',
  authorAddress: 'maintainers@users.noreply.b-seed-3a265308.example',
  repositoryUrl: 'https://github.com/cdk-resilient-serverless/cdk-resilient-serverless.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  cdkVersion: CDK_VERSION,
  cdkVersionPinning: false,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '^6.0.3',

  // No hosted CI here: .ci/run is the pipeline. No release or upgrade automation either.
  github: false,
  buildWorkflow: false,
  release: false,
  depsUpgrade: false,
  sampleCode: false,

  // integ-runner tests are named test/integ.*.ts; projen's own *.integ.ts discovery would deploy them.
  integrationTestAutoDiscover: false,

  jestOptions: {
    // `npm test` must fail on snapshot drift: snapshots only change through `npx projen test:update`.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      setupFiles: ['<rootDir>/test/harness/jest-setup.ts'],
      // One folder per run for every file the tests write, removed at the end, after cfn-lint has linted every
      // template the checkers passed in one invocation (it takes seconds to start): test/harness/test-run.ts.
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // Synthesizing several regional stacks and running three checkers takes seconds per test.
      testTimeout: 120_000,
      // One worker per core: jest's default (cores - 1) runs the CPU-bound suites one at a time on a 2-core machine;
      // two workers there take the suite from about 218 s to 114 s.
      maxWorkers: '100%',
      // README examples import the package by name; in this repository that is src/.
      moduleNameMapper: {
        '^cdk-resilient-serverless$': '<rootDir>/src',
        '^cdk-resilient-serverless/lib/(.*)$': '<rootDir>/src/$1',
      },
    },
  },

  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'example', 'bench', 'projenrc', 'scripts'],
    // Lint reports, it does not rewrite: CI must fail on a lint error, not fix it in a throwaway clone.
    commandOptions: { fix: false, extraArgs: ['--max-warnings=0'] },
  },

  tsconfigDev: {
    // The dev tsconfig lives in test/, so these paths are relative to it.
    include: ['../example/**/*.ts', '../bench/**/*.ts', '../scripts/**/*.ts'],
    compilerOptions: {
      paths: {
        'cdk-resilient-serverless': ['../src'],
        'cdk-resilient-serverless/lib/*': ['../src/*'],
      },
    },
  },

  // Every jsii language, so Construct Hub lists them all. Only the JavaScript package is built here (no Python,
  // Java, .NET or Go toolchain on the build machines); jsii still checks these names at every compile. The runtime
  // FailoverInvoker (src/runtime) is TypeScript-only: it is plain Node.js code, not part of the jsii assembly.
  publishToPypi: { distName: 'cdk-resilient-serverless', module: 'cdk_resilient_serverless' },
  publishToMaven: {
    javaPackage: 'io.github.cdk_resilient_serverless',
    mavenGroupId: 'io.github.cdk-resilient-serverless',
    mavenArtifactId: 'cdk-resilient-serverless',
  },
  publishToNuget: { dotNetNamespace: 'CdkResilientServerless', packageId: 'CdkResilientServerless' },
  publishToGo: { moduleName: 'github.com/cdk-resilient-serverless/cdk-resilient-serverless-go' },

  // ResilienceChecks is a cdk-nag 3 rule pack: users bring their own cdk-nag (a jsii library, so a peer).
  peerDeps: ['cdk-nag@^3.0.2'],

  devDeps: [
    'aws-cdk@^2.1148.1',
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    'aws-local-stepfunctions@3.0.0',
    'asl-validator@4.0.0',
    '@aws-cdk/integ-runner@2.197.10',
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    // The runtime client (src/runtime) uses their types only, and the inline probe and health handlers run with the
    // SDK the Node.js Lambda runtimes include; tests drive them with these against loopback servers.
    '@aws-sdk/client-lambda@^3.1162.0',
    '@aws-sdk/client-ssm@^3.1162.0',
    '@aws-sdk/client-dynamodb@^3.1162.0',
    // FailoverSender's types (src/runtime) and its loopback tests.
    '@aws-sdk/client-sqs@^3.1175.0',
    'fast-check@^4.10.2',
    // Evaluates the synthesized identity, resource and KMS key policies in the wiring proofs. AGPL-3.0: tests only,
    // never imported from src/ and never bundled.
    '@cloud-copilot/iam-simulate@^0.1.173',
    // The README's idempotent handler (Powertools for AWS Lambda with the FailoverInvoker's idempotency key) is a checked
    // example like every other: it compiles and loads with the tests.
    '@aws-lambda-powertools/idempotency@^2.35.0',
    '@types/aws-lambda@^8.10.164',
    '@aws-sdk/util-dynamodb@^3.996.9',
  ],

  gitignore: ['/cdk.out', '.cdk.staging/', 'cdk.context.json', '/test-reports/'],
});

project.addPackageIgnore('/example/');
project.addPackageIgnore('/bench/');
project.addPackageIgnore('/scripts/');
project.addPackageIgnore('/cdk.json');
project.addPackageIgnore('/.ci/');
project.addPackageIgnore('/cdk.out/');
project.addPackageIgnore('/test-reports/');

// Node 20 is this project's machine Node (past end-of-life): jsii would print a banner on every compile.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// The registry serves unrs-resolver 1.13.0 without its non-linux bindings, which makes `npm ci` reject the lockfile.
project.package.addPackageResolutions('unrs-resolver@1.12.2');

// The example app behind `npx cdk synth`. Feature flags are the ones aws-cdk-lib recommends for new apps,
// so the example (and the tests, which read this file) behave like a freshly initialised CDK app.
const recommendedFlags = JSON.parse(
  readFileSync(require.resolve('aws-cdk-lib/recommended-feature-flags.json'), 'utf-8'),
);
new JsonFile(project, 'cdk.json', {
  obj: {
    app: 'npx ts-node --transpile-only --project test/tsconfig.json example/orders-app.ts',
    output: 'cdk.out',
    notices: false,
    watch: { include: ['src/**/*.ts', 'example/**/*.ts'] },
    context: {
      ...recommendedFlags,
      'cli-telemetry': false,
      // The example deploys to the credentials' account (CDK_DEFAULT_ACCOUNT); offline it synthesizes for this placeholder.
      'orders-example:account': '123456789012',
      // The public hosted zone the example's API is served from: replace both with your own zone to deploy.
      'orders-example:hostedZoneId': 'Z0EXAMPLE0ORDERS0ZONE',
      'orders-example:zoneName': 'orders.example.com',
    },
  },
});

// README examples import the package by name: resolve it through the dev tsconfig's `paths` (to src/).
project.tryFindObjectFile('.eslintrc.json')!.addOverride(
  'settings.import/resolver.typescript', {
    project: ['./tsconfig.json', './test/tsconfig.json'], alwaysTryTypes: true, noWarnOnMultipleProjects: true,
  },
);

// Layers, lowest first: private (imports nothing of ours) < resilience-checks < report < topology and runtime < the
// construct folders. No import cycle anywhere, and no base layer reaches up into a construct folder.
const CONSTRUCT_FOLDERS = ['replicated-function', 'global-table-store', 'health-checked-failover', 'saga', 'chaos', 'region-switch', 'buffered-ingestion'];
const eslint = project.eslint!;
// The layers are the library's: cycles are looked for in src/ only. Over tests, examples and benches (which import src/
// and cannot make a cycle in it) the rule cost about 70% of the lint's CPU, most of `npm test`'s lint step.
eslint.addOverride({ files: ['src/**/*.ts'], rules: { 'import/no-cycle': ['error', { ignoreExternal: true }] } });
const restrict = (files: string[], folders: string[], why: string) => eslint.addOverride({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: folders.flatMap((f) => [`../${f}`, `../${f}/*`]), message: why }] }],
  },
});
restrict(['src/private/**/*.ts'], [...CONSTRUCT_FOLDERS, 'topology', 'runtime', 'report', 'resilience-checks'],
  'private/ is the lowest layer: it imports nothing of the library\'s own.');
restrict(['src/resilience-checks/**/*.ts'], [...CONSTRUCT_FOLDERS, 'topology', 'runtime', 'report'],
  'the rule pack reads templates; it depends on private/ only.');
restrict(['src/report/**/*.ts'], [...CONSTRUCT_FOLDERS, 'topology', 'runtime'],
  'the report is made from what constructs contribute (topology._contributeToReport), never from their modules.');
restrict(['src/topology/**/*.ts', 'src/runtime/**/*.ts'], [...CONSTRUCT_FOLDERS],
  'a base layer imports no construct folder: constructs depend on the topology, never the other way.');

// ts-jest only transpiles and jsii only compiles src/: type errors in tests and the example would go unseen.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check tests, the example app and benchmarks',
  exec: 'tsc --noEmit --project test/tsconfig.json',
});
project.testTask.spawn(typecheck);

// integ-runner in snapshot mode. Dummy credentials stop the SDK from probing the instance-metadata address;
// `integ:update` writes snapshots with --dry-run and never deploys. Deploying is `integ:deploy`, with real credentials.
const integEnv = {
  AWS_ACCESS_KEY_ID: 'offline',
  AWS_SECRET_ACCESS_KEY: 'offline',
  AWS_REGION: 'us-east-1',
  TS_NODE_TRANSPILE_ONLY: 'true',
  JSII_DEPRECATED: 'quiet',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  // ts-node loads TypeScript through v8-compile-cache-lib, whose cache is one folder in the machine's temp dir shared by
  // every process (integ-runner's seven run at once, and any other session's): a synth once died there with a V8 fatal
  // error while deserializing that cache. Each process compiles afresh instead.
  DISABLE_V8_COMPILE_CACHE: '1',
};
const integArgs = 'integ-runner --language typescript --directory test --parallel-regions us-east-1';
const integ = project.addTask('integ', {
  description: 'Verify integration-test snapshots (offline, never deploys)',
  env: integEnv,
  exec: `${integArgs} $@`,
  receiveArgs: true,
});
project.addTask('integ:update', {
  description: 'Re-synthesize integration-test snapshots (offline, never deploys)',
  env: integEnv,
  exec: `${integArgs} --update-on-failed --dry-run $@`,
  receiveArgs: true,
});
project.addTask('integ:deploy', {
  description: 'Deploy integration tests to a real account and run their assertions (needs AWS credentials)',
  exec: 'integ-runner --language typescript --directory test --update-on-failed --force $@',
  receiveArgs: true,
});
project.testTask.spawn(integ);

// Benchmarks print numbers; they are never timed tests. They run the compiled library (lib/).
const bench = project.addTask('bench', {
  description: 'Print benchmark figures (synth CPU time, resilience report cost, saga state transitions, FailoverInvoker overhead and failover, the wiring proof\'s cost)',
  env: { JSII_DEPRECATED: 'quiet' },
});
bench.spawn(project.compileTask);
bench.exec('ts-node --transpile-only bench/synth.ts');
bench.exec('ts-node --transpile-only bench/report.ts');
bench.exec('ts-node --transpile-only bench/saga.ts');
bench.exec('ts-node --transpile-only bench/invoker.ts');
// The test harness's runtime-wiring proof (tests only: it runs the AGPL policy engine, never shipped) beside the synth it follows.
bench.exec('ts-node --transpile-only --project test/tsconfig.json bench/wiring-proof.ts');

// The example app, synthesized offline (no credentials, no network).
project.addTask('synth:example', {
  description: 'Synthesize the example topology into cdk.out',
  env: { JSII_DEPRECATED: 'quiet', CDK_DISABLE_CLI_TELEMETRY: 'true' },
  exec: 'cdk synth --quiet --no-notices',
});

// `package` builds the JavaScript package only, in and out of CI: the other languages' toolchains are not on the build
// machines. `npx projen package-all` builds every language where they are.
const packageTask = project.tasks.tryFind('package')!;
packageTask.reset();
packageTask.spawn(project.tasks.tryFind('package:js')!);

// The release process (scripts/release.ts): versions from git tags, a changelog from the commits, and jsii-diff
// against the previous release's assembly built from its tag (nothing needs to be published to compare).
project.addTask('release', {
  description: 'Cut a release: `npx projen release -- <major|minor|patch> [--dry-run]` (see CONTRIBUTING.md)',
  receiveArgs: true,
  exec: 'ts-node --transpile-only scripts/release.ts',
});
project.tasks.tryFind('compat')!.reset('ts-node --transpile-only scripts/release.ts compat');

project.synth();

