import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import type { FieldIssue } from '../../contracts/errors';
import { type ApiError, isApiError, issueMessage } from './api';

/**
 * Put the server's validation problems on the form fields they belong to (details.issues[].path)
 * and return the issues that matched no field, so the caller can still mention them.
 */
export function applyFieldErrors(form: FormInstance, error: ApiError): FieldIssue[] {
  const known = new Set(Object.keys(form.getFieldsValue(true) ?? {}));
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const unmatched: FieldIssue[] = [];
  for (const issue of error.fieldIssues) {
    const path = issue.path.length > 0 ? issue.path : issue.field ? [issue.field] : [];
    if (path.length === 0 || !known.has(String(path[0]))) {
      unmatched.push(issue);
      continue;
    }
    const key = path.join('.');
    const entry = byField.get(key) ?? { name: path, errors: [] };
    entry.errors.push(issueMessage(issue));
    byField.set(key, entry);
  }
  if (byField.size > 0) {
    form.setFields([...byField.values()]);
    const first = byField.values().next().value;
    if (first) form.scrollToField(first.name, { block: 'center' });
  }
  return unmatched;
}

/**
 * Show any error to the user in their language: validation problems go on the form fields when
 * a form is given, and one message appears at the top. The session-expiry flow has its own message.
 */
export function useShowError() {
  const { message } = App.useApp();
  return useCallback(
    (error: unknown, form?: FormInstance) => {
      if (isApiError(error)) {
        if (error.code === 'AUTH_SESSION_EXPIRED' || error.code === 'AUTH_REQUIRED') return;
        const unmatched = form ? applyFieldErrors(form, error) : error.fieldIssues;
        const extra = unmatched.map((i) => `${i.field || i.path.join('.')}: ${issueMessage(i)}`).join('; ');
        message.error(extra ? `${error.message} (${extra})` : error.message);
        return;
      }
      message.error(error instanceof Error ? error.message : String(error));
    },
    [message],
  );
}
