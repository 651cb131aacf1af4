import { useCallback, useSyncExternalStore } from 'react';

/**
 * A tiny dictionary-based i18n. Simplified Chinese is the default and the source language;
 * English is the switch. The chosen language is remembered in localStorage ('lx.lang') and is
 * also sent to the server as Accept-Language (see lib/api.ts), so server-built messages match.
 */
export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export const LANG_STORAGE_KEY = 'lx.lang';

export interface Bilingual {
  zh: string;
  en: string;
}
export type Messages = Record<string, Bilingual>;
export type Vars = Record<string, string | number>;

/** Declare a feature's messages; the identity function keeps the keys as literal types for useT. */
export const defineMessages = <M extends Messages>(messages: M): M => messages;

function readStoredLang(): Lang {
  try {
    const stored = globalThis.localStorage?.getItem(LANG_STORAGE_KEY);
    if (stored === 'en' || stored === 'zh-CN') return stored;
  } catch {
    // Storage can be blocked (private mode, policies): fall back to the default.
  }
  return 'zh-CN';
}

let currentLang: Lang = readStoredLang();
const listeners = new Set<() => void>();

export function getLang(): Lang {
  return currentLang;
}

export function setLang(lang: Lang): void {
  if (lang === currentLang) return;
  currentLang = lang;
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Not remembered, but the switch still applies to this tab.
  }
  syncDocumentLang();
  for (const listener of listeners) listener();
}

export function syncDocumentLang(): void {
  if (typeof document !== 'undefined') document.documentElement.lang = currentLang;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLang(): Lang {
  return useSyncExternalStore(subscribe, getLang, getLang);
}

/** Choose the text for a language from a {zh, en} pair. */
export function pick(lang: Lang, text: Bilingual): string {
  return lang === 'en' ? text.en : text.zh;
}

/** Replace {name} placeholders. */
export function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Messages shared by every page: buttons, states and the shell. Features add their own with defineMessages. */
export const common = defineMessages({
  appName: { zh: '连心', en: 'Lianxin' },
  appFullName: { zh: '连心 · 作风建设与接诉即办平台', en: 'Lianxin · Work-style supervision and citizen requests' },
  ok: { zh: '确定', en: 'OK' },
  cancel: { zh: '取消', en: 'Cancel' },
  save: { zh: '保存', en: 'Save' },
  create: { zh: '新建', en: 'New' },
  edit: { zh: '编辑', en: 'Edit' },
  delete: { zh: '删除', en: 'Delete' },
  view: { zh: '查看', en: 'View' },
  close: { zh: '关闭', en: 'Close' },
  search: { zh: '查询', en: 'Search' },
  reset: { zh: '重置', en: 'Reset' },
  refresh: { zh: '刷新', en: 'Refresh' },
  actions: { zh: '操作', en: 'Actions' },
  details: { zh: '详情', en: 'Details' },
  exportXlsx: { zh: '导出 Excel', en: 'Export XLSX' },
  import: { zh: '导入', en: 'Import' },
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
  none: { zh: '无', en: 'None' },
  all: { zh: '全部', en: 'All' },
  loading: { zh: '加载中…', en: 'Loading…' },
  saved: { zh: '已保存', en: 'Saved' },
  deleted: { zh: '已删除', en: 'Deleted' },
  confirmDelete: { zh: '确定删除“{name}”吗？', en: 'Delete “{name}”?' },
  keyword: { zh: '关键词', en: 'Keyword' },
  required: { zh: '请填写{field}', en: '{field} is required' },
  selectRequired: { zh: '请选择{field}', en: 'Choose {field}' },
  totalItems: { zh: '共 {total} 条', en: '{total} items' },
  totalItemsCapped: { zh: '超过 {total} 条（请缩小搜索范围）', en: 'More than {total} items (narrow the search)' },
  selectedItems: { zh: '已选 {count} 项', en: '{count} selected' },
  language: { zh: '语言', en: 'Language' },
  langZh: { zh: '简体中文', en: '简体中文' },
  langEn: { zh: 'English', en: 'English' },
  logout: { zh: '退出登录', en: 'Sign out' },
  profile: { zh: '个人设置', en: 'Profile' },
  menu: { zh: '菜单', en: 'Menu' },
  openMenu: { zh: '打开菜单', en: 'Open menu' },
  collapseMenu: { zh: '收起菜单', en: 'Collapse menu' },
  expandMenu: { zh: '展开菜单', en: 'Expand menu' },
  forbiddenTitle: { zh: '无权访问', en: 'Not allowed' },
  forbiddenText: { zh: '您的角色不能使用此页面。', en: 'Your role cannot use this page.' },
  notFoundTitle: { zh: '页面不存在', en: 'Page not found' },
  backHome: { zh: '返回首页', en: 'Back to home' },
  loadFailed: { zh: '加载失败', en: 'Could not load' },
  retry: { zh: '重试', en: 'Retry' },
  networkError: { zh: '无法连接服务器，请检查网络后重试', en: 'Cannot reach the server; check the network and retry' },
  sessionExpired: {
    zh: '登录已过期，请重新登录。未提交的内容已为您暂存。',
    en: 'Your session has expired; please sign in again. Unsent input was kept.',
  },
  draftRestored: { zh: '已恢复登录过期前未提交的内容', en: 'Restored what you had typed before the session expired' },
  idleWarningTitle: { zh: '即将自动退出', en: 'About to sign out' },
  idleWarningText: {
    zh: '您已较长时间未操作，{seconds} 秒后将自动退出登录。',
    en: 'You have been inactive; you will be signed out in {seconds} seconds.',
  },
  idleStay: { zh: '继续使用', en: 'Stay signed in' },
  idleLoggedOut: { zh: '因长时间未操作，已自动退出登录', en: 'You were signed out after a period of inactivity' },
  copy: { zh: '复制', en: 'Copy' },
  copied: { zh: '已复制', en: 'Copied' },
  status: { zh: '状态', en: 'Status' },
  name: { zh: '名称', en: 'Name' },
  from: { zh: '开始', en: 'From' },
  to: { zh: '结束', en: 'To' },
  filters: { zh: '筛选', en: 'Filters' },
});

export type CommonKey = keyof typeof common;
export type TFunction<K extends string = CommonKey> = (key: K, vars?: Vars) => string;

/**
 * The translate function for the current language. Pass a feature's messages to use its keys
 * alongside the common ones; unknown keys fall back to the key itself so a gap shows, not breaks.
 */
export function useT(): TFunction<CommonKey>;
export function useT<M extends Messages>(messages: M): TFunction<CommonKey | Extract<keyof M, string>>;
export function useT(messages?: Messages): TFunction<string> {
  const lang = useLang();
  return useCallback(
    (key: string, vars?: Vars) => {
      const entry = messages?.[key] ?? (common as Messages)[key];
      return entry ? format(pick(lang, entry), vars) : key;
    },
    [lang, messages],
  );
}

/** Translate outside React (e.g. in the API client). */
export function translate(entry: Bilingual, vars?: Vars): string {
  return format(pick(currentLang, entry), vars);
}
