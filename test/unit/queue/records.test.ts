import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { crawlMessageSchema, type CrawlMessage } from '../../../shared/queue/messages';
import { processRecords, type GiveUp, type RecordProcessing } from '../../../shared/queue/records';

const quiet = { info() {}, warn() {}, error() {} };

function record(id: string, body: unknown, receiveCount = 1): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `handle-${id}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:crawl',
    awsRegion: 'us-east-1',
  };
}

function options(overrides: Partial<RecordProcessing<CrawlMessage>> = {}): RecordProcessing<CrawlMessage> & { done: number[]; givenUp: GiveUp<CrawlMessage>[] } {
  const done: number[] = [];
  const givenUp: GiveUp<CrawlMessage>[] = [];
  return {
    schema: crawlMessageSchema,
    maxReceiveCount: 3,
    async process(message) {
      if (message.crawlId === 13) throw new Error('crawl 13 is cursed');
      done.push(message.crawlId);
    },
    async onGiveUp(failure) {
      givenUp.push(failure);
    },
    logFor: () => quiet,
    ...overrides,
    done,
    givenUp,
  };
}

describe('processRecords', () => {
  it('reports only the records that failed, in batch order, and processes the others', async () => {
    const opts = options();
    const out = await processRecords([record('a', { crawlId: 1 }), record('b', { crawlId: 13 }), record('c', { crawlId: 2 }), record('d', 'not json')], opts);
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }, { itemIdentifier: 'd' }] });
    expect(opts.done).toEqual([1, 2]);
    // Not the last receive: nothing is given up yet, the messages come back.
    expect(opts.givenUp).toEqual([]);
  });

  it('answers an empty failure list when every record succeeds', async () => {
    expect(await processRecords([record('a', { crawlId: 1 })], options())).toEqual({ batchItemFailures: [] });
  });

  it.each([
    ['not JSON', '{crawlId: 1', 'message body is not JSON'],
    ['the wrong shape', { applicationId: 4 }, 'crawlId'],
    ['a negative id', { crawlId: -1 }, 'crawlId'],
    ['a fractional id', { crawlId: 1.5 }, 'crawlId'],
  ])('rejects a body that is %s, without calling process', async (_, body, reason) => {
    const opts = options();
    const out = await processRecords([record('x', body, 3)], opts);
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'x' }]);
    expect(opts.done).toEqual([]);
    expect(opts.givenUp).toHaveLength(1);
    expect(opts.givenUp[0]!.message).toBeUndefined();
    expect(opts.givenUp[0]!.reason).toContain(reason);
  });

  it('gives up on the last receive with the reason and the decoded message', async () => {
    const opts = options();
    await processRecords([record('early', { crawlId: 13 }, 2), record('last', { crawlId: 13 }, 3)], opts);
    expect(opts.givenUp).toHaveLength(1);
    expect(opts.givenUp[0]).toMatchObject({ messageId: 'last', receiveCount: 3, isLastAttempt: true, message: { crawlId: 13 }, reason: 'crawl 13 is cursed' });
    expect(opts.givenUp[0]!.error).toBeInstanceOf(Error);
  });

  it('still reports the failure when recording the give-up fails', async () => {
    const opts = options({
      async onGiveUp() {
        throw new Error('database down');
      },
    });
    const out = await processRecords([record('last', { crawlId: 13 }, 3), record('fine', { crawlId: 5 }, 3)], opts);
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'last' }]);
    expect(opts.done).toEqual([5]);
  });

  it('tells process the receive count and whether this is the last attempt', async () => {
    const seen: Array<[number, boolean]> = [];
    await processRecords([record('a', { crawlId: 1 }, 1), record('b', { crawlId: 2 }, 3)], options({
      async process(_, info) {
        seen.push([info.receiveCount, info.isLastAttempt]);
      },
    }));
    expect(seen).toEqual([[1, false], [3, true]]);
  });

  it('runs records concurrently up to the limit and still reports in batch order', async () => {
    let running = 0;
    let peak = 0;
    const out = await processRecords(
      [1, 2, 3, 4, 5].map((n) => record(`m${n}`, { crawlId: n })),
      options({
        concurrency: 2,
        async process(message) {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 20 * (6 - message.crawlId)));
          running--;
          if (message.crawlId % 2 === 1) throw new Error('odd');
        },
      }),
    );
    expect(peak).toBe(2);
    expect(out.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m1', 'm3', 'm5']);
  });
});
