import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, onSessionExpired, setCsrfToken, toQueryString } from './api';
import { format } from './i18n';

function answer(status: number, body: unknown) {
  return vi.fn(
    async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  onSessionExpired(null);
  setCsrfToken(null);
});

describe('the API client', () => {
  it('drops empty query values', () => {
    expect(toQueryString({ q: '', page: 1, kind: undefined, partyMember: false, x: null })).toBe(
      '?page=1&partyMember=false',
    );
  });

  it('sends the CSRF token on changes but not on reads, and the chosen language always', async () => {
    const fetch = answer(200, { ok: true });
    vi.stubGlobal('fetch', fetch);
    setCsrfToken('t0k');
    await api.get('/api/x');
    await api.post('/api/x', { a: 1 });
    const [, getInit] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    const [, postInit] = fetch.mock.calls[1] as unknown as [string, RequestInit];
    expect((getInit.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
    expect((postInit.headers as Record<string, string>)['x-csrf-token']).toBe('t0k');
    expect((postInit.headers as Record<string, string>)['Accept-Language']).toBe('zh-CN');
    expect(postInit.credentials).toBe('same-origin');
  });

  it('translates the error envelope by code and keeps the field issues', async () => {
    const issues = [
      { path: ['phone'], field: 'phone', message: 'bad', messageZh: '号码无效', messageEn: 'bad number' },
    ];
    vi.stubGlobal(
      'fetch',
      answer(400, { error: { code: 'VALIDATION_FAILED', message: 'x', details: { issues } }, requestId: 'r1' }),
    );
    const error = await api.post('/api/x', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('输入有误，请检查标出的字段');
    expect((error as ApiError).fieldIssues).toEqual(issues);
    expect((error as ApiError).requestId).toBe('r1');
  });

  it('falls back to the server message for a code it does not know', async () => {
    vi.stubGlobal('fetch', answer(409, { error: { code: 'SOMETHING_NEW', message: '新的错误' }, requestId: 'r2' }));
    const error = (await api.get('/api/x').catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('SOMETHING_NEW');
    expect(error.message).toBe('新的错误');
  });

  it('runs the session-expiry flow on a lost session, except when told not to', async () => {
    const expired = vi.fn();
    onSessionExpired(expired);
    vi.stubGlobal('fetch', answer(401, { error: { code: 'AUTH_SESSION_EXPIRED', message: '' }, requestId: 'r3' }));
    await api.get('/api/x').catch(() => undefined);
    await api.get('/api/auth/me', undefined, { skipAuthRedirect: true }).catch(() => undefined);
    expect(expired).toHaveBeenCalledTimes(1);
  });
});

describe('message templates', () => {
  it('fills named placeholders and leaves unknown ones', () => {
    expect(format('共 {total} 条，{missing}', { total: 3 })).toBe('共 3 条，{missing}');
  });
});
