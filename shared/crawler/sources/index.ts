/** Every source the crawler knows, by the crawl's source and target. */
import type { CrawlSpec } from '../port';
import { ashby } from './ashby';
import { careerSite } from './career-site';
import { glassdoor } from './glassdoor';
import { greenhouse } from './greenhouse';
import { indeed } from './indeed';
import { lever } from './lever';
import { linkedin } from './linkedin';
import { monster } from './monster';
import { personio } from './personio';
import { recruitee } from './recruitee';
import { smartrecruiters } from './smartrecruiters';
import { teamtailor } from './teamtailor';
import type { SourceAdapter } from './types';
import { workable } from './workable';
import { workday } from './workday';
import { ziprecruiter } from './ziprecruiter';

export const boardAdapters = { linkedin, indeed, glassdoor, ziprecruiter, monster } as const;
export const customAdapters = { greenhouse, lever, ashby, workday, smartrecruiters, workable, recruitee, personio, teamtailor, site: careerSite } as const;

/** The adapter for a crawl, or a reason it has none. */
export function adapterFor(spec: CrawlSpec): SourceAdapter | string {
  if (spec.source === 'custom') {
    if (!spec.target) return 'a custom crawl needs a target (an ATS board or a careers site URL)';
    return customAdapters[spec.target.kind];
  }
  return boardAdapters[spec.source];
}
