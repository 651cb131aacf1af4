import { en, zhCN } from 'zod/locales';
import { ERRORS, type ErrorCode, type FieldIssue } from '../../../contracts/errors.js';

/** An expected failure with a code from the closed table; its HTTP status comes from that table. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    message?: string,
  ) {
    super(message ?? ERRORS[code].en);
    this.status = ERRORS[code].status;
  }
}

export type Lang = 'zh' | 'en';

/** The user's language from Accept-Language: Simplified Chinese unless English is preferred. */
export function languageOf(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh';
  const first = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q)[0];
  return first?.tag.startsWith('en') ? 'en' : 'zh';
}

export function messageFor(code: ErrorCode, lang: Lang): string {
  return ERRORS[code][lang];
}

// Field names in both languages for the messages of validation errors; unknown fields use the key.
const FIELD_LABELS: Record<string, [string, string]> = {
  username: ['用户名', 'username'],
  password: ['密码', 'password'],
  newPassword: ['新密码', 'new password'],
  currentPassword: ['当前密码', 'current password'],
  totp: ['动态验证码', 'one-time code'],
  name: ['名称', 'name'],
  code: ['代码', 'code'],
  level: ['层级', 'level'],
  parentCode: ['上级区划', 'parent division'],
  parentId: ['上级单位', 'parent unit'],
  kind: ['类型', 'kind'],
  divisionCode: ['行政区划', 'division'],
  unitId: ['单位', 'unit'],
  rank: ['职级', 'rank'],
  phone: ['电话', 'phone'],
  idNumber: ['身份证号', 'ID number'],
  roles: ['角色', 'roles'],
  scope: ['数据范围', 'data scope'],
  page: ['页码', 'page'],
  pageSize: ['每页条数', 'page size'],
  sort: ['排序', 'sort'],
  day: ['日期', 'date'],
  isWorking: ['是否工作日', 'working day'],
  categoryCodes: ['诉求分类', 'categories'],
  file: ['文件', 'file'],
  attachmentIds: ['附件', 'attachments'],
};

interface ZodLikeIssue {
  path: PropertyKey[];
  message: string;
  code?: string;
  /** The rest of a zod issue (minimum, expected, values…), to say the problem in Chinese. */
  params?: Record<string, unknown>;
}

const zhErrors = zhCN().localeError;
const enErrors = en().localeError;

/** Zod speaks English; say the same problem in Chinese, keeping custom messages as they were written. */
function problemInChinese(issue: ZodLikeIssue): string {
  if (!issue.code) return issue.message;
  // A refinement that knows the problem in both languages passes the Chinese as `params: { messageZh }`.
  const own = (issue.params?.params as { messageZh?: unknown } | undefined)?.messageZh;
  if (issue.code === 'custom' && typeof own === 'string') return own;
  // biome-ignore lint/suspicious/noExplicitAny: zod's error maps take its raw issue union
  const raw = { code: issue.code, ...issue.params } as any;
  const strip = (m: unknown) => String(typeof m === 'string' ? m : ((m as { message?: string })?.message ?? ''));
  const defaultEn = strip(enErrors(raw)).replace(/, received undefined$/, '');
  if (!issue.message.startsWith(defaultEn)) return issue.message; // a message written for this field
  return strip(zhErrors(raw)).replace(/，实际接收 undefined$/, '');
}

/** Turn schema issues into field issues whose messages name the field in Chinese and English. */
export function toFieldIssues(issues: readonly ZodLikeIssue[], lang: Lang): FieldIssue[] {
  return issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const field = path.join('.');
    const key = [...path].reverse().find((p): p is string => typeof p === 'string') ?? field;
    const [zhLabel, enLabel] = FIELD_LABELS[key] ?? [key, key];
    const messageZh = `字段“${zhLabel || '请求'}”无效：${problemInChinese(issue)}`;
    const messageEn = `Field "${enLabel || 'body'}" is invalid: ${issue.message}`;
    return { path, field, message: lang === 'zh' ? messageZh : messageEn, messageZh, messageEn };
  });
}
