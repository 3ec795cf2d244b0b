import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

// integ-runner runs one IntegTest per file: integ-tests-alpha writes one test manifest, and a second IntegTest silently
// replaces the first. Each integ file must therefore create exactly one, and never in a loop or a callback.
const TEST_DIR = __dirname;
const INTEG_FILES = readdirSync(TEST_DIR).filter((f) => /^integ\..+\.ts$/.test(f));

/** Problems with the IntegTests a source file creates: none, or more than one (a loop or callback counts as many). */
function integTestProblems(source: string): string[] {
  const file = ts.createSourceFile('integ.ts', source, ts.ScriptTarget.Latest, true);
  const creations: ts.NewExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && node.expression.getText(file) === 'IntegTest') creations.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (creations.length === 0) return ['creates no IntegTest'];
  if (creations.length > 1) return [`creates ${creations.length} IntegTests`];
  const repeated = ancestors(creations[0]).find((n) => ts.isIterationStatement(n, false) || ts.isFunctionLike(n));
  return repeated ? [`creates its IntegTest inside a ${ts.SyntaxKind[repeated.kind]}, which may run more than once`] : [];
}

function ancestors(node: ts.Node): ts.Node[] {
  const result: ts.Node[] = [];
  for (let n = node.parent; n; n = n.parent) result.push(n);
  return result;
}

describe('integration test files', () => {
  test('there are some', () => {
    expect(INTEG_FILES.length).toBeGreaterThan(0);
  });

  test.each(INTEG_FILES)('%s creates exactly one IntegTest', (file) => {
    expect(integTestProblems(readFileSync(join(TEST_DIR, file), 'utf-8'))).toEqual([]);
  });

  test('fails a file with two IntegTests, or one in a loop or callback', () => {
    const two = 'new IntegTest(app, "A", {});\nnew IntegTest(app, "B", {});';
    const loop = 'for (const r of regions) { new IntegTest(app, r, {}); }';
    const callback = 'regions.map((r) => new IntegTest(app, r, {}));';

    expect(integTestProblems(two)).toEqual(['creates 2 IntegTests']);
    expect(integTestProblems(loop)).toEqual(['creates its IntegTest inside a ForOfStatement, which may run more than once']);
    expect(integTestProblems(callback)).toEqual(['creates its IntegTest inside a ArrowFunction, which may run more than once']);
    expect(integTestProblems('const x = 1;')).toEqual(['creates no IntegTest']);
  });
});
