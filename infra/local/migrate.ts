/** `npm run migrate`: applies pending migrations to the local database (or DATABASE_URL's). */
import { join } from 'node:path';
import { startLocalDatabase } from './database';

const local = await startLocalDatabase({ dataDir: join(import.meta.dirname, '../../.local'), log: (l) => console.log(l) });
await local.stop();
