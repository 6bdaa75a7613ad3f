/**
 * Invokes a function of the tables in this process, as Lambda would: its module loaded once (a warm
 * container), a fresh context per call with the function's deadline.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../../shared/tables/types';

const ROOT = join(import.meta.dirname, '../..');

type Handler = (event: unknown, context: Context) => Promise<unknown>;
const loaded = new Map<string, Promise<Handler>>();

export function loadHandler(fn: FunctionSpec): Promise<Handler> {
  let handler = loaded.get(fn.entry);
  if (!handler) {
    handler = import(pathToFileURL(join(ROOT, fn.entry)).href).then((mod) => {
      if (typeof mod.handler !== 'function') throw new Error(`${fn.entry} exports no handler`);
      return mod.handler as Handler;
    });
    loaded.set(fn.entry, handler);
  }
  return handler;
}

export function lambdaContext(fn: FunctionSpec): Context {
  const deadline = Date.now() + fn.timeoutSeconds * 1000;
  const name = `local-${fn.id}`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    memoryLimitInMB: String(fn.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

export async function invoke(fn: FunctionSpec, event: unknown): Promise<unknown> {
  const handler = await loadHandler(fn);
  return handler(event, lambdaContext(fn));
}
