import { App, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ResilienceChecks, ResilienceChecksProps } from '../../src/resilience-checks';

export const ENV = { account: '123456789012', region: 'us-east-1' };

/** A fresh app with one stack in an explicit environment. */
export function newStack(id = 'Stack'): Stack {
  return new Stack(new App(), id, { env: ENV });
}

/** One finding of the pack: its id, its level, and the construct paths it names. */
export interface ResilienceFinding {
  readonly id: string;
  readonly level: string;
  readonly paths: string[];
  readonly description: string;
}

/** Runs the pack over `scope` and flattens its violations. */
export function check(scope: IConstruct, props?: ResilienceChecksProps): ResilienceFinding[] {
  return new ResilienceChecks(undefined, props).validateScope(scope).violations.map((v) => ({
    id: v.ruleName,
    level: v.severity ?? '',
    paths: v.violatingResources.map((r) => r.constructPath ?? ''),
    description: v.description,
  }));
}

/** `id:level` of every finding, sorted, for exact assertions. */
export function idsAndLevels(scope: IConstruct, props?: ResilienceChecksProps): string[] {
  return check(scope, props).map((f) => `${f.id}:${f.level}`).sort();
}

/** The findings of one rule only. */
export function findingsOf(scope: IConstruct, id: string, props?: ResilienceChecksProps): Array<Omit<ResilienceFinding, 'description'>> {
  return check(scope, props).filter((f) => f.id === id).map(({ description: _, ...f }) => f);
}
