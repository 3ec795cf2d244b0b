import { join, resolve } from 'node:path';
import * as ts from 'typescript';

// lib/runtime ships its .d.ts files: an app that imports the invoker compiles against them. Discovery is optional, so
// those declarations must compile in an app that has @aws-sdk/client-lambda but not @aws-sdk/client-ssm.
const ROOT = resolve(__dirname, '..', '..');
const RUNTIME_INDEX = join(ROOT, 'src', 'runtime', 'index.ts');
const HIDDEN = `${join('node_modules', '@aws-sdk', 'client-ssm')}`;
const HIDDEN_SQS = `${join('node_modules', '@aws-sdk', 'client-sqs')}`;

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options;
}

/** The declarations the library's compile emits for lib/runtime, by path relative to src/. */
function runtimeDeclarations(): Map<string, string> {
  const options = { ...compilerOptions(), declaration: true, emitDeclarationOnly: true, noEmit: false, outDir: join(ROOT, 'lib') };
  const emitted = new Map<string, string>();
  const program = ts.createProgram([RUNTIME_INDEX], options);
  const result = program.emit(undefined, (fileName, text) => {
    emitted.set(fileName.slice(join(ROOT, 'lib').length + 1), text);
  });
  expect(result.diagnostics).toEqual([]);
  return emitted;
}

/** Type-checks `consumer` against `declarations`, with @aws-sdk/client-ssm missing from node_modules. */
function compileWithoutSsm(declarations: Map<string, string>, consumer: string): string[] {
  const libDir = join(ROOT, 'consumer-check', 'lib');
  const files = new Map([...declarations].map(([path, text]) => [join(libDir, path), text] as const));
  const consumerFile = join(ROOT, 'consumer-check', 'app.ts');
  files.set(consumerFile, consumer);
  const options: ts.CompilerOptions = { ...compilerOptions(), rootDir: undefined, noEmit: true, types: ['node'], noUnusedLocals: false };
  const host = ts.createCompilerHost(options);
  const hidden = (path: string) => path.includes(HIDDEN) || path.includes(HIDDEN_SQS);
  host.fileExists = (path) => files.has(path) || (!hidden(path) && ts.sys.fileExists(path));
  const virtualDirectory = (path: string) => [...files.keys()].some((file) => file.startsWith(`${path}/`));
  host.directoryExists = (path) => virtualDirectory(path) || (!hidden(path) && (ts.sys.directoryExists?.(path) ?? true));
  host.readFile = (path) => files.get(path) ?? (hidden(path) ? undefined : ts.sys.readFile(path));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (path, language) => files.has(path)
    ? ts.createSourceFile(path, files.get(path)!, language)
    : getSourceFile(path, language);
  const program = ts.createProgram([consumerFile], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('lib/runtime declarations', () => {
  let declarations: Map<string, string>;
  beforeAll(() => {
    declarations = runtimeDeclarations();
  });

  test('name no @aws-sdk/client-ssm type, and compile in an app without it', () => {
    // WHEN
    const importingSsm = [...declarations].filter(([, text]) => /(from |import\()['"]@aws-sdk\/client-ssm['"]/.test(text)).map(([path]) => path);
    const errors = compileWithoutSsm(declarations, [
      "import { FailoverInvoker, DiscoveryOptions } from './lib/runtime';",
      "const invoker = new FailoverInvoker({ targets: [{ region: 'us-east-1', functionName: 'Orders-Api:live' }] });",
      "const discovery: DiscoveryOptions = { serviceName: 'Orders', functionId: 'Api', region: 'us-east-1' };",
      'export { invoker, discovery };',
    ].join('\n'));
    // THEN
    expect(declarations.has(join('runtime', 'index.d.ts'))).toBe(true);
    expect(importingSsm).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('name no @aws-sdk/client-sqs type: an invoker-only app, and a sender app, compile without it', () => {
    // WHEN
    const importingSqs = [...declarations].filter(([, text]) => /(from |import\()['"]@aws-sdk\/client-sqs['"]/.test(text))
      .map(([path]) => path).filter((path) => !path.endsWith('sqs-sdk.d.ts'));
    const errors = compileWithoutSsm(declarations, [
      "import { FailoverSender, SenderDiscoveryOptions } from './lib/runtime';",
      "const sender = new FailoverSender({ targets: [{ region: 'us-east-1', queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/Orders-Intake' }] });",
      "const discovery: SenderDiscoveryOptions = { serviceName: 'Orders', ingestionId: 'Intake', region: 'us-east-1' };",
      'export { sender, discovery };',
    ].join('\n'));
    // THEN
    expect(importingSqs).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('the check sees a missing module: an app that imports @aws-sdk/client-ssm itself fails to compile there', () => {
    // WHEN
    const errors = compileWithoutSsm(declarations, "import { SSMClient } from '@aws-sdk/client-ssm';\nexport const c = SSMClient;");
    // THEN
    expect(errors.join('\n')).toMatch(/Cannot find module '@aws-sdk\/client-ssm'/);
  });
});
