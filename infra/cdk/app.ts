/**
 * The CDK app `cdk synth` and `cdk deploy` run (cdk.json): the platform built from its own tables.
 * `-c stage=dev|prod` picks the stage (dev by default).
 */
import { App } from 'aws-cdk-lib';
import { queues } from '../../shared/tables/queues';
import { routeTable } from '../../shared/tables/routes';
import { schedules } from '../../shared/tables/schedules';
import { buildPlatform, missingEntryFiles, stageFromContext } from './platform';

const tables = { routes: routeTable, queues, schedules };

const missing = missingEntryFiles(tables);
if (missing.length > 0) {
  console.error(
    `Cannot build the platform: the tables name ${missing.length} function entry file(s) that do not exist:\n` +
      missing.map((entry) => `  - ${entry}`).join('\n') +
      '\nEach must export `handler`. Add the files (or fix the entry in shared/tables), then run the synth again.',
  );
  process.exit(1);
}

const app = new App();
buildPlatform(app, { tables, stage: stageFromContext(app) });
app.synth();
