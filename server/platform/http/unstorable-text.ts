import { AppError, toFieldIssues } from './errors.js';

/**
 * Text no database column can hold as sent: a NUL character (PostgreSQL refuses it) or a lone UTF-16 surrogate (a
 * broken character that JSON's \\u escapes can carry; jsonb refuses it and text columns would silently turn it into
 * U+FFFD). Refused at the door with the field named, before any handler runs, so nothing is half-written.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface UnstorableText {
  path: (string | number)[];
  kind: 'nul' | 'surrogate';
}

/** The first string (or key) in a parsed body or query that holds unstorable text, walked without recursion. */
export function findUnstorableText(value: unknown, root: (string | number)[] = []): UnstorableText | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: root }];
  const kindOf = (s: string): UnstorableText['kind'] | null =>
    s.includes('\u0000') ? 'nul' : LONE_SURROGATE.test(s) ? 'surrogate' : null;
  while (stack.length) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const kind = kindOf(v);
      if (kind) return { path, kind };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [k, child] of Object.entries(v)) {
        const kind = kindOf(k);
        if (kind) return { path: [...path, k], kind };
        stack.push({ value: child, path: [...path, k] });
      }
    }
  }
  return null;
}

/** The 400 VALIDATION_FAILED naming the field, in Chinese and English. */
export function unstorableTextError(found: UnstorableText): AppError {
  const what =
    found.kind === 'nul'
      ? { zh: '含有空字符（NUL），无法保存', en: 'contains a NUL character, which cannot be stored' }
      : { zh: '含有残缺的字符（不成对的代理项），无法保存', en: 'contains a broken character (a lone surrogate)' };
  const [issue] = toFieldIssues(
    [{ path: found.path, message: what.en, code: 'custom', params: { params: { messageZh: what.zh } } }],
    'zh',
  );
  return new AppError('VALIDATION_FAILED', { issues: [issue] });
}
