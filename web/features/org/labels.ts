import {
  DIVISION_LEVEL_LABELS,
  DIVISION_LEVELS,
  type DivisionLevel,
  PERSON_RANK_LABELS,
  PERSON_RANKS,
  type PersonRank,
  UNIT_KIND_LABELS,
  UNIT_KINDS,
  type UnitKind,
} from '../../../contracts/org';
import { type Bilingual, type Lang, pick } from '../../lib/i18n';

/** Bilingual names of the org enums; the Chinese comes from contracts so forms, exports and templates agree. */
const LEVEL_EN: Record<DivisionLevel, string> = {
  province: 'Province',
  city: 'City',
  county: 'County',
  township: 'Township',
  village: 'Village / community',
  grid: 'Grid',
};
const KIND_EN: Record<UnitKind, string> = {
  government: 'Government',
  department: 'Department',
  township: 'Township',
  village_committee: 'Village committee',
  community: 'Community',
  party_branch: 'Party branch',
  enterprise: 'Enterprise / institution',
};
const RANK_EN: Record<PersonRank, string> = {
  county: 'County level',
  section: 'Section level',
  ordinary: 'Ordinary cadre',
  village: 'Village cadre',
};
const GENDER: Record<'male' | 'female', Bilingual> = {
  male: { zh: '男', en: 'Male' },
  female: { zh: '女', en: 'Female' },
};

export const levelLabel = (lang: Lang, level: string) =>
  level in LEVEL_EN
    ? pick(lang, { zh: DIVISION_LEVEL_LABELS[level as DivisionLevel], en: LEVEL_EN[level as DivisionLevel] })
    : level;
export const kindLabel = (lang: Lang, kind: string) =>
  kind in KIND_EN ? pick(lang, { zh: UNIT_KIND_LABELS[kind as UnitKind], en: KIND_EN[kind as UnitKind] }) : kind;
export const rankLabel = (lang: Lang, rank: string) =>
  rank in RANK_EN ? pick(lang, { zh: PERSON_RANK_LABELS[rank as PersonRank], en: RANK_EN[rank as PersonRank] }) : rank;
export const genderLabel = (lang: Lang, gender: string | null) =>
  gender === 'male' || gender === 'female' ? pick(lang, GENDER[gender]) : '';

export const levelOptions = (lang: Lang) => DIVISION_LEVELS.map((v) => ({ value: v, label: levelLabel(lang, v) }));
export const kindOptions = (lang: Lang) => UNIT_KINDS.map((v) => ({ value: v, label: kindLabel(lang, v) }));
export const rankOptions = (lang: Lang) => PERSON_RANKS.map((v) => ({ value: v, label: rankLabel(lang, v) }));
export const genderOptions = (lang: Lang) =>
  (['male', 'female'] as const).map((v) => ({ value: v, label: genderLabel(lang, v) }));
