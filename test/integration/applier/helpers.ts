/** Shared set-up for the applier's browser tests: the fixture sites, a folder artifact store, a resume file. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApplier } from '../../../shared/applier/index';
import { MemorySitePacing } from '../../../shared/applier/pacing';
import type { Applier } from '../../../shared/applier/port';
import { folderArtifactStore, type ArtifactStore } from '../../../shared/artifacts/store';
import { closeBrowser } from '../../../shared/browser/chromium';
import { RESUME_PDF, startFormSites, type FormSites, type FormSubmission } from '../../fixtures/sites/forms/server';

export interface ApplierWorld {
  sites: FormSites;
  artifacts: ArtifactStore;
  apply: Applier;
  resumePath: string;
  close(): Promise<void>;
}

export async function startApplierWorld(): Promise<ApplierWorld> {
  process.env.ALLOW_PRIVATE_TARGETS = 'true';
  const dir = await mkdtemp(join(tmpdir(), 'applier-test-'));
  const resumePath = join(dir, 'jane-doe-resume.pdf');
  await writeFile(resumePath, RESUME_PDF);
  const sites = await startFormSites();
  const artifacts = folderArtifactStore(join(dir, 'artifacts'));
  // Pacing is exercised in its own unit test; here every test submits to the same 127.0.0.1 host.
  const apply = createApplier({ artifacts: () => artifacts, pacing: new MemorySitePacing(0) });
  return {
    sites,
    artifacts,
    apply,
    resumePath,
    async close() {
      await sites.close();
      await closeBrowser();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One text field as the employer received it (form submissions turn newlines into CRLF). */
export function field(submission: FormSubmission | undefined, name: string): string | undefined {
  const values = submission?.fields[name];
  if (!values) return undefined;
  if (values.length !== 1) throw new Error(`${name} was sent ${values.length} times`);
  return values[0]!.replace(/\r\n/g, '\n');
}

export const deadline = () => ({ deadline: Date.now() + 45_000 });
