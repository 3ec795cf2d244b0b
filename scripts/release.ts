// The release process a maintainer runs on a clean main: `npx projen release -- <major|minor|patch> [--dry-run]`.
// Versions live in git tags (`v1.2.3`); the repository's package.json stays at 0.0.0 (projen's convention) and the
// version is written only into the packed tarball. Steps:
//   1. the previous release is the newest `v<semver>` tag (none: this is the first release, from 0.0.0);
//   2. the API is compared with the previous release's with jsii-diff (its jsii assembly is built from the tag in a
//      scratch worktree), and a break refuses a bump that does not allow one (0.x: minor; from 1.0: major);
//   3. CHANGELOG.md gets a section with the API breaks and every commit since the previous tag;
//   4. the JavaScript package is built with the new version (dist/js), and the release commit and tag are made.
// `--dry-run` does 1-3 and prints the section instead of writing, committing or tagging. `compat` runs step 2 alone.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Bump = 'major' | 'minor' | 'patch';
const BUMPS: readonly string[] = ['major', 'minor', 'patch'];
const SEMVER = /^v(\d+)\.(\d+)\.(\d+)$/;

/** The version after `previous` for `bump`. */
export function nextVersion(previous: string, bump: Bump): string {
  const [major, minor, patch] = previous.split('.').map(Number);
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** Why `bump` may not ship an API break after `previous`, or undefined when it may (semver; 0.x breaks on minor). */
export function bumpRefusal(previous: string, bump: Bump, breaking: boolean): string | undefined {
  if (!breaking) return undefined;
  const needed: Bump = previous.startsWith('0.') ? 'minor' : 'major';
  if (bump === 'major' || (needed === 'minor' && bump === 'minor')) return undefined;
  return `the API breaks compatibility with ${previous} (listed above): a ${bump} release cannot carry a break. ` +
    `Allowed: ${needed}${needed === 'minor' ? ' or major' : ''}. Fix: release with \`${needed}\`, or restore the API`;
}

/** The newest `vX.Y.Z` tag among `tags`, as `X.Y.Z`, or undefined when there is none. */
export function previousRelease(tags: string[]): string | undefined {
  const versions = tags.map((t) => SEMVER.exec(t.trim())).filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [Number(m[1]), Number(m[2]), Number(m[3])])
    .sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[2] - a[2]);
  return versions.length ? versions[0].join('.') : undefined;
}

/** The CHANGELOG section of a release: API breaks (jsii-diff's lines) first, then every commit subject since the last tag. */
export function changelogSection(version: string, date: string, breaks: string[], subjects: string[]): string {
  const lines = [`## ${version} (${date})`, ''];
  if (breaks.length) lines.push('### API breaks', '', ...breaks.map((b) => `- ${b}`), '');
  lines.push('### Changes', '', ...(subjects.length ? subjects.map((s) => `- ${s}`) : ['- (no commits)']), '');
  return lines.join('\n');
}

function git(...args: string[]): string {
  return execFileSync('git', args, { encoding: 'utf-8' }).trim();
}

function run(command: string, args: string[], cwd: string): void {
  execFileSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, JSII_DEPRECATED: 'quiet' } });
}

/** jsii-diff of the current assembly (.jsii, built by `projen compile`) against the release tagged `v<previous>`. */
function apiBreaks(previous: string): string[] {
  const scratch = mkdtempSync(join(tmpdir(), 'crs-release-'));
  const tree = join(scratch, 'previous');
  try {
    git('worktree', 'add', '--detach', tree, `v${previous}`);
    symlinkSync(join(process.cwd(), 'node_modules'), join(tree, 'node_modules'));
    run('npx', ['jsii', '--silence-warnings=reserved-word'], tree);
    try {
      const ignore = existsSync('.compatignore') ? ['--ignore-file', '.compatignore'] : [];
      execFileSync('npx', ['jsii-diff', tree, '.', '--keys', ...ignore], { encoding: 'utf-8', stdio: 'pipe' });
      return [];
    } catch (e) {
      const out = `${(e as { stdout?: string }).stdout ?? ''}${(e as { stderr?: string }).stderr ?? ''}`;
      const breaks = out.split('\n').map((l) => l.trim()).filter((l) => /^(err|warn)\s+-/.test(l));
      if (!breaks.length) throw new Error(`jsii-diff failed without listing a break:\n${out}`);
      return breaks;
    }
  } finally {
    if (existsSync(tree)) git('worktree', 'remove', '--force', tree);
    rmSync(scratch, { recursive: true, force: true });
  }
}

function main(argv: string[]): void {
  const [command, ...flags] = argv;
  const dryRun = flags.includes('--dry-run');
  if (command !== 'compat' && !BUMPS.includes(command)) {
    throw new Error(`invalid release ${JSON.stringify(command)}. Allowed: major, minor, patch (or compat). Fix: npx projen release -- minor`);
  }
  if (!dryRun && command !== 'compat' && git('status', '--porcelain') !== '') {
    throw new Error('the working tree has changes: a release is made from a clean checkout. Fix: commit or stash them');
  }
  const previous = previousRelease(git('tag', '--list', 'v*').split('\n'));
  run('npx', ['projen', 'compile'], '.');
  const breaks = previous ? apiBreaks(previous) : [];
  for (const line of breaks) console.log(line);
  if (command === 'compat') {
    console.log(previous ? `${breaks.length} API break(s) against v${previous}` : 'no release tag yet: nothing to compare');
    if (breaks.some((b) => b.startsWith('err'))) process.exitCode = 1;
    return;
  }
  const bump = command as Bump;
  const refusal = bumpRefusal(previous ?? '0.0.0', bump, breaks.some((b) => b.startsWith('err')));
  if (refusal) throw new Error(refusal);
  const version = nextVersion(previous ?? '0.0.0', bump);
  const subjects = git('log', '--no-merges', '--format=%s (%h)', ...(previous ? [`v${previous}..HEAD`] : [])).split('\n').filter(Boolean);
  const section = changelogSection(version, new Date().toISOString().slice(0, 10), breaks, subjects);
  if (dryRun) {
    console.log(section);
    return;
  }
  const changelog = existsSync('CHANGELOG.md') ? readFileSync('CHANGELOG.md', 'utf-8').replace(/^# Changelog\n\n/, '') : '';
  writeFileSync('CHANGELOG.md', `# Changelog\n\n${section}\n${changelog}`);
  // The version goes into the package only; package.json returns to 0.0.0 before the release commit.
  run('npm', ['pkg', 'set', `version=${version}`], '.');
  try {
    run('npx', ['projen', 'package:js'], '.');
  } finally {
    run('npm', ['pkg', 'set', 'version=0.0.0'], '.');
  }
  git('add', 'CHANGELOG.md');
  git('commit', '-m', `Release v${version}`);
  git('tag', '-a', `v${version}`, '-m', `v${version}`);
  console.log(`v${version}: dist/js holds the package; push main and the tag, then publish (npm publish dist/js/*.tgz)`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`release: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
