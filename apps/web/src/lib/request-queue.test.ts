// Up and Down in the dashboard's request queue stay within the requests of one status; the
// source reads as a person would say it.
import { expect, test } from 'vitest';
import { movePlace, sourceLabel } from './request-queue';

const waiting = [
  { id: 7, status: 'queued' as const },
  { id: 3, status: 'queued' as const },
  { id: 9, status: 'queued' as const },
  { id: 4, status: 'pending' as const },
  { id: 5, status: 'pending' as const },
];

test('Up and Down give the place among the same status, none at either end', () => {
  expect(movePlace(waiting, 3, -1)).toBe(1);
  expect(movePlace(waiting, 3, 1)).toBe(3);
  expect(movePlace(waiting, 7, -1)).toBeUndefined();
  expect(movePlace(waiting, 9, 1)).toBeUndefined();
  // the first pending one cannot move above the queued ones
  expect(movePlace(waiting, 4, -1)).toBeUndefined();
  expect(movePlace(waiting, 4, 1)).toBe(2);
  expect(movePlace(waiting, 99, 1)).toBeUndefined();
});

test('sources', () => {
  expect(sourceLabel('listener:abcdef12')).toBe('a listener');
  expect(sourceLabel('user:admin')).toBe('admin');
  expect(sourceLabel('other')).toBe('other');
});
