import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.dataDir).toBe(path.resolve('.data'));
    expect(c.keyFile).toBe(path.resolve('.data', 'lianxin.key'));
    expect(c.databaseUrl).toBeUndefined();
    expect(c.session).toEqual({ idleMinutes: 30, adminIdleMinutes: 15, absoluteHours: 12 });
    expect(c.passwordPolicy).toEqual({ minLength: 12, minClasses: 3, maxAgeDays: 90 });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('lists every bad value at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SESSION_IDLE_MINUTES: '0' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('SESSION_IDLE_MINUTES');
    }
  });

  it('takes PORT, DATA_DIR and LIANXIN_KEY_FILE from the environment', () => {
    const c = loadConfig({
      PORT: '9090',
      DATA_DIR: '/srv/lx',
      LIANXIN_KEY_FILE: '/etc/lx.key',
      PASSWORD_MAX_AGE_DAYS: '0',
    });
    expect([c.port, c.dataDir, c.keyFile, c.passwordPolicy.maxAgeDays]).toEqual([9090, '/srv/lx', '/etc/lx.key', 0]);
  });

  it('reads the jobs, public URL and SMS gateway settings', () => {
    const d = loadConfig({});
    expect([d.jobs, d.publicBaseUrl, d.sms]).toEqual([
      { enabled: true, intervalSeconds: 300 },
      'http://localhost:8080',
      { adapter: 'log' },
    ]);
    const c = loadConfig({
      JOBS_ENABLED: 'false',
      JOBS_INTERVAL_SECONDS: '60',
      PUBLIC_BASE_URL: 'https://12345.example.gov.cn/',
      SMS_ADAPTER: 'http',
      SMS_GATEWAY_URL: 'https://sms.example.gov.cn/send',
      SMS_GATEWAY_TOKEN: 't0ken',
    });
    expect([c.jobs, c.publicBaseUrl, c.sms]).toEqual([
      { enabled: false, intervalSeconds: 60 },
      'https://12345.example.gov.cn',
      { adapter: 'http', gatewayUrl: 'https://sms.example.gov.cn/send', token: 't0ken', timeoutMs: 10_000 },
    ]);
    expect(() => loadConfig({ JOBS_INTERVAL_SECONDS: '1' })).toThrow('JOBS_INTERVAL_SECONDS');
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'not a url' })).toThrow('PUBLIC_BASE_URL');
  });

  it('reads the HTTP timeouts; the header timeout never exceeds the request timeout', () => {
    expect(loadConfig({}).http).toEqual({ headersTimeoutSeconds: 20, requestTimeoutSeconds: 120 });
    const c = loadConfig({ HTTP_HEADERS_TIMEOUT_SECONDS: '90', HTTP_REQUEST_TIMEOUT_SECONDS: '30' });
    expect(c.http).toEqual({ headersTimeoutSeconds: 30, requestTimeoutSeconds: 30 });
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_SECONDS: '0' })).toThrow('HTTP_HEADERS_TIMEOUT_SECONDS');
  });
});
