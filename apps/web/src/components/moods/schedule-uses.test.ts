import { describe, expect, test } from 'vitest';
import { deleteQuestion, modeOf } from './schedule-uses';

describe('deleting a mood the schedule uses', () => {
  test('the question names the entries and the default mode', () => {
    expect(deleteQuestion('mood', 'calm', { entries: [], isDefault: false })).toBe(
      'Delete mood calm?',
    );
    expect(deleteQuestion('mood', 'calm', undefined)).toBe('Delete mood calm?');
    expect(deleteQuestion('mood', 'calm', { entries: [3], isDefault: false })).toBe(
      'The schedule uses mood calm (schedule entry 3). Delete it and remove it from the schedule?',
    );
    expect(deleteQuestion('playlist', 'news', { entries: [3, 5], isDefault: true })).toBe(
      'The schedule uses playlist news (schedule entries 3, 5 and the schedule’s default mode). Delete it and remove it from the schedule?',
    );
  });

  test('modes are written as select takes them', () => {
    expect(modeOf('mood', 'calm')).toBe('m/calm');
    expect(modeOf('pl', 'news')).toBe('p/news');
  });
});
