import { buildJob } from '../../../shared/crawler/normalize/job';
import { ashbyJobToDraft } from '../../../shared/crawler/sources/ashby';
import { isObject } from '../../../shared/crawler/normalize/jsonld';
import type { JobInput } from '../../../shared/jobs/input';

/** An Ashby board answer to built jobs (listed ones only). */
export function parseAshby(body: string, board: string): JobInput[] {
  const data = JSON.parse(body) as { jobs: unknown[] };
  return data.jobs
    .filter(isObject)
    .map((j) => ashbyJobToDraft(j, board))
    .flatMap((d) => {
      const r = d ? buildJob(d) : null;
      return r?.ok ? [r.job] : [];
    });
}
