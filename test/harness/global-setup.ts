// Jest globalSetup (jestConfig.globalSetup): the run's folder, before any worker starts.
import { startTestRun } from './test-run';

export default function globalSetup(): void {
  startTestRun();
}
