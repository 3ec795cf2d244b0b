import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { collectReport } from './collect';
import { renderMarkdown, renderSummary } from './render';
import type { MultiRegionTopology } from '../topology/multi-region-topology';

/** Context key: set to `false` to keep synth quiet (the report files are written regardless). */
export const SUMMARY_CONTEXT_KEY = 'cdk-resilient-serverless:printSummary';

/**
 * Writes `<serviceName>.resilience.json` and `<serviceName>.resilience.md` into the cloud assembly at `outdir` and
 * prints a short summary on stderr (stdout may carry a template).
 */
export function writeReport(topology: MultiRegionTopology, outdir: string): void {
  const model = collectReport(topology);
  const base = join(outdir, `${topology.serviceName}.resilience`);
  writeFileSync(`${base}.json`, JSON.stringify(model, undefined, 2) + '\n');
  writeFileSync(`${base}.md`, renderMarkdown(model));
  const print = topology.node.tryGetContext(SUMMARY_CONTEXT_KEY);
  if (print !== false && print !== 'false') {
    process.stderr.write(renderSummary(model, relative(process.cwd(), `${base}.md`)));
  }
}
