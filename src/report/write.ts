import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { collectReport } from './collect';
import { ReportInput } from './model';
import { renderMarkdown, renderSummary } from './render';

/**
 * Writes `<serviceName>.resilience.json` and `<serviceName>.resilience.md` into the cloud assembly at `outdir` and
 * prints a short summary on stderr (stdout may carry a template).
 */
export function writeReport(input: ReportInput, outdir: string): void {
  const model = collectReport(input, outdir);
  const base = join(outdir, `${input.service}.resilience`);
  writeFileSync(`${base}.json`, JSON.stringify(model, undefined, 2) + '\n');
  writeFileSync(`${base}.md`, renderMarkdown(model));
  if (input.printSummary) {
    process.stderr.write(renderSummary(model, relative(process.cwd(), `${base}.md`)));
  }
}
