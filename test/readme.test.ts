import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The README's user-facing examples are the files in example/readme/: type-checked with the tests
// (`tsc --noEmit`), executed here, and required to appear in the README verbatim.
const ROOT = join(__dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf-8');
const USER_SECTIONS = README.slice(0, README.indexOf('## Developing'));
const EXAMPLES = readdirSync(join(ROOT, 'example', 'readme')).filter((f) => f.endsWith('.ts'));

function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

describe('README', () => {
  test('every TypeScript example in the user sections is a checked example file', () => {
    const files = EXAMPLES.map((f) => readFileSync(join(ROOT, 'example', 'readme', f), 'utf-8'));
    const blocks = tsBlocks(USER_SECTIONS);

    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.sort()).toEqual(files.sort());
  });

  test('no example reserves concurrency, which a new account cannot give (Lambda keeps 100 unreserved; new quotas start lower)', () => {
    const reserving = EXAMPLES.filter((f) => /reservedConcurrentExecutions:\s*[1-9]/.test(readFileSync(join(ROOT, 'example', 'readme', f), 'utf-8')));

    expect(reserving).toEqual([]);
  });

  test.each(EXAMPLES)('example %s runs', (file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(() => jest.isolateModules(() => require(join(ROOT, 'example', 'readme', file)))).not.toThrow();
  });
});
