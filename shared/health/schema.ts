/** The health check's answer. */
import { z } from 'zod';
import { timestampSchema } from '../http/schemas';

export const healthSchema = z
  .object({ status: z.literal('ok'), database: z.literal('reachable'), time: timestampSchema })
  .meta({ id: 'Health' });
