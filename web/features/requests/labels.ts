import {
  REQUEST_CHANNEL_LABELS,
  REQUEST_CHANNELS,
  REQUEST_STATE_LABELS,
  REQUEST_STATES,
  REQUEST_TYPE_LABELS,
  REQUEST_TYPES,
  RETURN_REASON_LABELS,
  RETURN_REASONS,
  SATISFACTION_LABELS,
  SATISFACTIONS,
  URGENCIES,
  URGENCY_LABELS,
} from '../../../contracts/requests';
import { type Bilingual, type Lang, pick } from '../../lib/i18n';

/** Options and labels of the request enums; the words come from contracts so forms, lists and exports agree. */
function optionsOf<T extends string>(values: readonly T[], labels: Readonly<Record<T, Bilingual>>, lang: Lang) {
  return values.map((value) => ({ value, label: pick(lang, labels[value]) }));
}

export const channelOptions = (lang: Lang) => optionsOf(REQUEST_CHANNELS, REQUEST_CHANNEL_LABELS, lang);
export const typeOptions = (lang: Lang) => optionsOf(REQUEST_TYPES, REQUEST_TYPE_LABELS, lang);
export const urgencyOptions = (lang: Lang) => optionsOf(URGENCIES, URGENCY_LABELS, lang);
export const stateOptions = (lang: Lang) => optionsOf(REQUEST_STATES, REQUEST_STATE_LABELS, lang);
export const returnReasonOptions = (lang: Lang) => optionsOf(RETURN_REASONS, RETURN_REASON_LABELS, lang);
export const satisfactionOptions = (lang: Lang) => optionsOf(SATISFACTIONS, SATISFACTION_LABELS, lang);

/** The label of an enum value, or the raw value when the server sends one this build does not know. */
export function labelOf(labels: Readonly<Record<string, Bilingual>>, value: unknown, lang: Lang): string {
  const entry = typeof value === 'string' ? labels[value] : undefined;
  return entry ? pick(lang, entry) : String(value ?? '');
}

export const STATE_COLORS: Record<string, string> = {
  received: 'default',
  classified: 'gold',
  dispatched: 'blue',
  returned: 'volcano',
  in_progress: 'processing',
  replied: 'cyan',
  rated: 'green',
  closed: 'success',
  merged: 'default',
};
