import { z } from 'zod';
import { isProviderError } from './errors';
import { checkReply } from './reply';

const schema = z.object({ items: z.array(z.object({ time: z.number(), name: z.string() }).passthrough()) }).passthrough();

test('a reply that fits is returned with the fields the client does not read left in', () => {
  const body = { items: [{ time: 1, name: 'a', extra: true }], more: 1 };
  expect(checkReply('sweettracker', 'list', schema, body)).toEqual(body);
});

test('a changed field is a ProviderError that names the field, not an undefined downstream', () => {
  let caught: unknown;
  try {
    checkReply('sweettracker', 'track invoice 1', schema, { items: [{ time: '2020-11-13', name: 'a' }] }, ['secret-key-123']);
  } catch (error) {
    caught = error;
  }
  expect(isProviderError(caught)).toBe(true);
  expect((caught as Error).message).toMatch(/track invoice 1 failed: .*items\.0\.time: Expected number, received string/);
  expect((caught as { kind: string }).kind).toBe('server');
});
