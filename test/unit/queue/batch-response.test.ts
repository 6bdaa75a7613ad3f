import { describe, expect, it } from 'vitest';
import { interpretBatchResponse } from '../../../infra/local/sqs/batch-response';
import { crawlMessageSchema, decodeMessage, encodeMessage } from '../../../shared/queue/messages';

const ids = ['m1', 'm2', 'm3'];

describe("Lambda's reading of a ReportBatchItemFailures answer", () => {
  it.each([
    ['no answer', undefined],
    ['null', null],
    ['an object without batchItemFailures', { ok: true }],
    ['an empty list', { batchItemFailures: [] }],
    ['a null list', { batchItemFailures: null }],
  ])('treats %s as success for every record', (_, answer) => {
    expect(interpretBatchResponse(ids, answer)).toEqual({ ok: true, failedIds: [] });
  });

  it('names the failed records, once each', () => {
    expect(interpretBatchResponse(ids, { batchItemFailures: [{ itemIdentifier: 'm3' }, { itemIdentifier: 'm1' }, { itemIdentifier: 'm3' }] })).toEqual({
      ok: true,
      failedIds: ['m3', 'm1'],
    });
  });

  it.each([
    ['a string', 'done'],
    ['a number', 3],
    ['a list', [{ itemIdentifier: 'm1' }]],
    ['batchItemFailures that is not a list', { batchItemFailures: { itemIdentifier: 'm1' } }],
    ['an entry without itemIdentifier', { batchItemFailures: [{ id: 'm1' }] }],
    ['an empty itemIdentifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['an itemIdentifier not in the batch', { batchItemFailures: [{ itemIdentifier: 'm9' }] }],
    ['a numeric itemIdentifier', { batchItemFailures: [{ itemIdentifier: 1 }] }],
  ])('fails the whole batch on %s', (_, answer) => {
    expect(interpretBatchResponse(ids, answer)).toMatchObject({ ok: false, reason: expect.any(String) });
  });

  it('fails the whole batch on an answer that cannot be serialized', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(interpretBatchResponse(ids, cyclic)).toMatchObject({ ok: false });
    expect(interpretBatchResponse(ids, { batchItemFailures: [{ itemIdentifier: 10n }] })).toMatchObject({ ok: false });
  });
});

describe('queue messages', () => {
  it('round-trips a message and refuses to send an invalid one', () => {
    expect(decodeMessage(crawlMessageSchema, encodeMessage('crawl', { crawlId: 42 }))).toEqual({ ok: true, message: { crawlId: 42 } });
    expect(() => encodeMessage('crawl', { crawlId: 0 })).toThrow();
  });
});
