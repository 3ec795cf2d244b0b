import { bumpRefusal, changelogSection, nextVersion, previousRelease } from '../scripts/release';

describe('release process (scripts/release.ts)', () => {
  test.each([
    ['1.2.3', 'patch', '1.2.4'],
    ['1.2.3', 'minor', '1.3.0'],
    ['1.2.3', 'major', '2.0.0'],
    ['0.0.0', 'minor', '0.1.0'],
  ] as const)('%s + %s is %s', (previous, bump, next) => {
    expect(nextVersion(previous, bump)).toBe(next);
  });

  test('the previous release is the newest vX.Y.Z tag by semver, not by text', () => {
    expect(previousRelease(['v0.9.0', 'v0.10.0', 'v0.2.1', 'not-a-release', 'v1.0.0-rc.1', ''])).toBe('0.10.0');
    expect(previousRelease([''])).toBeUndefined();
  });

  test.each([
    ['0.3.0', 'patch', true, /a patch release cannot carry a break\. Allowed: minor or major\. Fix: release with `minor`/],
    ['1.3.0', 'minor', true, /a minor release cannot carry a break\. Allowed: major\. Fix: release with `major`/],
    ['1.3.0', 'patch', true, /Allowed: major/],
  ] as const)('refuses a break after %s in a %s release', (previous, bump, breaking, message) => {
    expect(bumpRefusal(previous, bump, breaking)).toMatch(message);
  });

  test.each([
    ['0.3.0', 'minor', true],
    ['0.3.0', 'major', true],
    ['1.3.0', 'major', true],
    ['1.3.0', 'patch', false],
  ] as const)('accepts %s + %s (break: %s)', (previous, bump, breaking) => {
    expect(bumpRefusal(previous, bump, breaking)).toBeUndefined();
  });

  test('the changelog section lists API breaks before the commits', () => {
    expect(changelogSection('0.2.0', '2026-12-03', ['err  - PROP x.y: type changed'], ['Fix a thing (abc1234)'])).toBe([
      '## 0.2.0 (2026-12-03)', '', '### API breaks', '', '- err  - PROP x.y: type changed', '',
      '### Changes', '', '- Fix a thing (abc1234)', '',
    ].join('\n'));
    expect(changelogSection('0.2.1', '2026-12-03', [], [])).toContain('### Changes\n\n- (no commits)');
  });
});
