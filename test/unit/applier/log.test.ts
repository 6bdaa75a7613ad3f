import { describe, expect, it } from 'vitest';
import { AttemptLog, loggableUrl } from '../../../shared/applier/attempt-log';
import { automationLogSchema } from '../../../shared/applier/log';
import { folderArtifactStore } from '../../../shared/artifacts/store';

describe('the attempt log', () => {
  it('keeps URLs without query strings or fragments, which can carry tokens', () => {
    expect(loggableUrl('https://jobs.example.com/apply/12?token=s3cret&utm=x#frag')).toBe('https://jobs.example.com/apply/12');
    expect(loggableUrl('file:///home/jane/cv.pdf')).toBe('file:');
  });

  it('is a valid AutomationLog', () => {
    const log = new AttemptLog(7, 1, true, () => folderArtifactStore('/tmp/unused'));
    log.step('field', 'typed 4 characters', { field: 'First Name', valueSource: 'profile.fullName' });
    log.missing('Are you at least 18?');
    log.missing('Are you at least 18?');
    const json = automationLogSchema.parse(log.toJSON());
    expect(json.missingAnswers).toEqual(['Are you at least 18?']);
    expect(json.steps[0]).toMatchObject({ kind: 'field', valueSource: 'profile.fullName' });
  });
});
