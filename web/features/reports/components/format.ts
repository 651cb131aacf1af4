import { UNIT_KIND_LABELS, type UnitKind } from '../../../../contracts/org';
import { type Lang, pick } from '../../../lib/i18n';
import { UNIT_KIND_EN } from '../messages';

export const percent = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;
export const score = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(2));
export const kindLabel = (lang: Lang, kind: UnitKind) =>
  pick(lang, { zh: UNIT_KIND_LABELS[kind], en: UNIT_KIND_EN[kind] });

/** A signed change, e.g. "+1.25" / "−0.40" (a real minus sign), or "—". */
export function signed(v: number | null | undefined, digits: number, scale = 1): string {
  if (v === null || v === undefined) return '—';
  const x = v * scale;
  if (Math.abs(x) < 10 ** -digits / 2) return (0).toFixed(digits);
  return `${x > 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;
}

/** Publishing times in Beijing time, as the county reads them. */
export function beijing(iso: string, lang: Lang): string {
  return new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}
