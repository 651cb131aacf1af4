import { App, type FormInstance } from 'antd';
import { useEffect, useRef } from 'react';
import { common, translate } from './i18n';

/**
 * Unsent form input survives a session expiry: open forms register here, the expiry flow saves
 * them to sessionStorage, and the same form restores its values when it opens again after login.
 * Secrets (passwords, one-time codes) are never stored.
 */
const PREFIX = 'lx.draft.';
const collectors = new Map<string, () => Record<string, unknown> | null>();
// Field names that may hold secrets: passwords, one-time codes ('totp', and the bare 'code' of the TOTP form).
const SECRET = /password|totp|secret|^code$/i;

function withoutSecrets(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !SECRET.test(k)));
}

/** Save every registered form that has been touched. Called by the session-expiry flow. */
export function saveAllDrafts(): number {
  let saved = 0;
  for (const [key, collect] of collectors) {
    const values = collect();
    if (!values) continue;
    try {
      sessionStorage.setItem(PREFIX + key, JSON.stringify(withoutSecrets(values)));
      saved += 1;
    } catch {
      // Full or blocked storage: nothing more we can do.
    }
  }
  return saved;
}

export function takeDraft(key: string): Record<string, unknown> | null {
  try {
    const raw = sessionStorage.getItem(PREFIX + key);
    if (!raw) return null;
    sessionStorage.removeItem(PREFIX + key);
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * Register a form for draft saving under a stable key (e.g. `unit-form:new`); restores a saved
 * draft into it on mount. Dates and other non-JSON values come back as strings, so forms that
 * hold them should pass `revive` to turn them back.
 */
export function useFormDraft(
  form: FormInstance,
  key: string,
  options: { enabled?: boolean; revive?: (values: Record<string, unknown>) => Record<string, unknown> } = {},
): void {
  const { message } = App.useApp();
  const enabled = options.enabled ?? true;
  const revive = useRef(options.revive);
  revive.current = options.revive;

  useEffect(() => {
    if (!enabled) return;
    const draft = takeDraft(key);
    if (draft) {
      form.setFieldsValue(revive.current ? revive.current(draft) : draft);
      message.info(translate(common.draftRestored));
    }
    collectors.set(key, () => (form.isFieldsTouched() ? (form.getFieldsValue(true) as Record<string, unknown>) : null));
    return () => {
      collectors.delete(key);
    };
  }, [form, key, enabled, message]);
}
