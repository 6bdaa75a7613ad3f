/** `npm run migrate`: applies pending migrations to the local database (or DATABASE_URL's). */
import { localDataDir } from './constants';
import { startLocalDatabase } from './database';

const local = await startLocalDatabase({ dataDir: localDataDir(), log: (l) => console.log(l) });
await local.stop();
