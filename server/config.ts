import path from 'node:path';
import { z } from 'zod';

/**
 * The only reader of process.env. Parsed with zod, frozen, and it fails fast listing every
 * bad value at once so an operator fixes the environment in one go.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  PORT: int(1, 65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./.data'),
  /** Folder of the built web app (default web/dist of the checkout). */
  WEB_DIST: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  LIANXIN_KEY_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  SESSION_IDLE_MINUTES: int(1, 24 * 60).default(30),
  ADMIN_SESSION_IDLE_MINUTES: int(1, 24 * 60).default(15),
  SESSION_ABSOLUTE_HOURS: int(1, 7 * 24).default(12),
  PASSWORD_MIN_LENGTH: int(8, 128).default(12),
  PASSWORD_MIN_CLASSES: int(1, 4).default(3),
  PASSWORD_MAX_AGE_DAYS: int(0, 3650).default(90),
  LOCKOUT_THRESHOLD: int(1, 100).default(5),
  LOCKOUT_MINUTES: int(1, 24 * 60).default(15),
  LOGIN_RATE_LIMIT_PER_MINUTE: int(1, 10000).default(30),
  DEMO_SEED: z.enum(['auto', 'true', 'false']).default('auto'),
  DEMO_REQUESTS: int(0, 200_000).default(50_000),
  DB_POOL_SIZE: int(1, 200).default(10),
  ATTACHMENT_MAX_BYTES: int(1024, 100 * 1024 * 1024).default(10 * 1024 * 1024),
  JOBS_ENABLED: bool.default(true),
  JOBS_INTERVAL_SECONDS: int(5, 24 * 3600).default(300),
  PUBLIC_BASE_URL: z.url().default('http://localhost:8080'),
  SMS_ADAPTER: z.enum(['log', 'http']).default('log'),
  SMS_GATEWAY_URL: z.url().optional(),
  SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
  SMS_GATEWAY_TIMEOUT_MS: int(100, 120_000).default(10_000),
  HTTP_HEADERS_TIMEOUT_SECONDS: int(1, 300).default(20),
  HTTP_REQUEST_TIMEOUT_SECONDS: int(5, 3600).default(120),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** The built web app to serve; undefined: web/dist of the checkout. */
  readonly webDist: string | undefined;
  readonly databaseUrl: string | undefined;
  readonly keyFile: string;
  readonly logLevel: string;
  readonly trustProxy: boolean;
  readonly cookieSecure: 'auto' | boolean;
  readonly session: { readonly idleMinutes: number; readonly adminIdleMinutes: number; readonly absoluteHours: number };
  readonly passwordPolicy: { readonly minLength: number; readonly minClasses: number; readonly maxAgeDays: number };
  readonly lockout: { readonly threshold: number; readonly minutes: number; readonly ratePerMinute: number };
  readonly demoSeed: 'auto' | boolean;
  /** Requests of the demo year loaded with the demo county (0: none). */
  readonly demoRequests: number;
  readonly dbPoolSize: number;
  /** The largest attachment (image or PDF) one upload may have, in bytes. */
  readonly attachmentMaxBytes: number;
  /** Scheduled jobs (escalation, closing unrated requests, the SMS outbox) under database leases. */
  readonly jobs: { readonly enabled: boolean; readonly intervalSeconds: number };
  /** Where citizens reach the public pages (the rating link in SMS), without a trailing slash. */
  readonly publicBaseUrl: string;
  /** Time a client has for its request headers (slowloris) and for a whole request, in seconds. */
  readonly http: { readonly headersTimeoutSeconds: number; readonly requestTimeoutSeconds: number };
  readonly sms:
    | { readonly adapter: 'log' }
    | {
        readonly adapter: 'http';
        readonly gatewayUrl: string;
        readonly token: string | undefined;
        readonly timeoutMs: number;
      };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration 配置有误:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parse the environment into a frozen Config, or throw a ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.SMS_ADAPTER === 'http' && !e.SMS_GATEWAY_URL) {
    throw new ConfigError(['SMS_GATEWAY_URL: required when SMS_ADAPTER=http']);
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const triState = (v: 'auto' | 'true' | 'false') => (v === 'auto' ? 'auto' : v === 'true');
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    webDist: e.WEB_DIST ? path.resolve(e.WEB_DIST) : undefined,
    databaseUrl: e.DATABASE_URL,
    keyFile: path.resolve(e.LIANXIN_KEY_FILE ?? path.join(dataDir, 'lianxin.key')),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    cookieSecure: triState(e.COOKIE_SECURE),
    session: Object.freeze({
      idleMinutes: e.SESSION_IDLE_MINUTES,
      adminIdleMinutes: e.ADMIN_SESSION_IDLE_MINUTES,
      absoluteHours: e.SESSION_ABSOLUTE_HOURS,
    }),
    passwordPolicy: Object.freeze({
      minLength: e.PASSWORD_MIN_LENGTH,
      minClasses: e.PASSWORD_MIN_CLASSES,
      maxAgeDays: e.PASSWORD_MAX_AGE_DAYS,
    }),
    lockout: Object.freeze({
      threshold: e.LOCKOUT_THRESHOLD,
      minutes: e.LOCKOUT_MINUTES,
      ratePerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    }),
    demoSeed: triState(e.DEMO_SEED),
    demoRequests: e.DEMO_REQUESTS,
    dbPoolSize: e.DB_POOL_SIZE,
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    jobs: Object.freeze({ enabled: e.JOBS_ENABLED, intervalSeconds: e.JOBS_INTERVAL_SECONDS }),
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    http: Object.freeze({
      headersTimeoutSeconds: Math.min(e.HTTP_HEADERS_TIMEOUT_SECONDS, e.HTTP_REQUEST_TIMEOUT_SECONDS),
      requestTimeoutSeconds: e.HTTP_REQUEST_TIMEOUT_SECONDS,
    }),
    sms: Object.freeze(
      e.SMS_ADAPTER === 'http'
        ? {
            adapter: 'http' as const,
            gatewayUrl: e.SMS_GATEWAY_URL!,
            token: e.SMS_GATEWAY_TOKEN,
            timeoutMs: e.SMS_GATEWAY_TIMEOUT_MS,
          }
        : { adapter: 'log' as const },
    ),
  });
}
