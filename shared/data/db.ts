/** The process's one `Db`, configured from the environment (see shared/config.ts). */
import { config } from '../config';
import { createDataApiDb } from './data-api-db';
import type { Db } from './types';

let instance: Db | undefined;

export function getDb(): Db {
  instance ??= createDataApiDb({ ...config.db(), region: config.region() });
  return instance;
}
