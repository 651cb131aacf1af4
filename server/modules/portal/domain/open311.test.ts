import { describe, expect, it } from 'vitest';
import { REQUEST_STATES } from '../../../../contracts/requests.js';
import { open311Status, splitFormat, statesOfStatus } from './open311.js';

describe('Open311 rules', () => {
  it('a request is closed for Open311 once the citizen has an answer, open before and when reopened', () => {
    expect(REQUEST_STATES.filter((s) => open311Status(s) === 'closed')).toEqual([
      'replied',
      'rated',
      'closed',
      'merged',
    ]);
    expect(open311Status('in_progress')).toBe('open');
  });
  it('the status filter names open, closed or both; anything else is refused', () => {
    expect(statesOfStatus('closed', REQUEST_STATES)).toEqual(['replied', 'rated', 'closed', 'merged']);
    expect(statesOfStatus('open,closed', REQUEST_STATES)).toEqual([...REQUEST_STATES]);
    expect(statesOfStatus(undefined, REQUEST_STATES)).toEqual([...REQUEST_STATES]);
    expect(statesOfStatus('pending', REQUEST_STATES)).toBeNull();
  });
  it('the format is the extension, json or xml only', () => {
    expect(splitFormat('services.json')).toEqual({ name: 'services', format: 'json' });
    expect(splitFormat('A.03.02.xml')).toEqual({ name: 'A.03.02', format: 'xml' });
    expect(splitFormat('requests.html')).toBeNull();
  });
});
