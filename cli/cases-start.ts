import { startExamples } from '../api/openapi/examples';
import type { Track } from '../domain/case';
import { startCaseSchema } from '../domain/start';
import { deadlineName, stageText, trackText } from './clerk-words';
import { type Connection, clientFor } from './connection';
import { run } from './errors';
import { bilingual, chinaTime, json } from './format';
import type { Output } from './output';
import { checked, readJsonFile } from './read-input';

export interface CasesStartOptions extends Connection {
  track: Track;
  /** A JSON file with the start body (as POST /v1/cases takes it, `track` optional), or "-" for stdin. */
  file?: string;
  /** Print an example body for the track instead of starting anything. */
  example?: boolean;
  json?: boolean;
}

/**
 * Starts a case of any track from a JSON body: the department system's request, typed by a clerk. The
 * body is checked with the API's schema first; starting the same department and case id again is safe
 * (the existing case is shown, nothing changes).
 */
export function casesStart(options: CasesStartOptions, output: Output): Promise<number> {
  return run(output, options.api, async () => {
    if (options.example || !options.file) {
      output.out(json(startExamples[options.track]));
      if (!options.example)
        output.err('No file given: an example body is printed above; edit it and pass it as <file>.');
      return options.example ? 0 : 1;
    }
    const body = readJsonFile(options.file) as Record<string, unknown>;
    const start = checked(startCaseSchema, { ...body, track: options.track }, options.file);
    const { created, case: view } = await clientFor(options).startCase(start);
    if (options.json) {
      output.out(json(view));
      return;
    }
    output.out(
      `${created ? 'Started 已立案' : 'Already existed 已存在（未改动）'}: ${view.workflowId} · ${trackText(view.track)} · ${stageText(view.track, view.state) ?? view.state}`,
    );
    for (const d of view.deadlines)
      output.out(`  ${deadlineName(d)}: ${chinaTime(d.at)} (China) · ${bilingual(d.label)}`);
    output.out(`Legal events now: ${view.legalEvents.join(', ') || 'none'}`);
  });
}
