import { z } from 'zod';
import { importIssueSchema, pageOf, pageQuerySchema } from './common.js';
import { type PersonRank, personRankSchema } from './org.js';
import { requestStateSchema } from './requests.js';

// Mass liaison (联系群众, DESIGN.md §4, issue #8): households, pairing quotas, visits, diaries, commitments, deeds,
// in-service party members, formalism checks and figures. Shared by the liaison module's routes and the web pages.

const id = z.coerce.number().int().positive();
const divisionCode = z.string().regex(/^\d{12}$/, 'must be a 12-digit division code');
const day = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().trim().min(1).max(max);

// ---------------------------------------------------------------------------------------------
// Households (民情台账)

export const HOUSEHOLD_TAGS = [
  'difficult', // 困难户
  'low_income', // 低保户
  'elderly_alone', // 独居老人
  'party_member', // 党员户
  'poor_party_member', // 困难党员
  'disabled', // 残疾人家庭
  'left_behind_child', // 留守儿童
  'veteran', // 退役军人
] as const;
export const householdTagSchema = z.enum(HOUSEHOLD_TAGS);
export type HouseholdTag = z.infer<typeof householdTagSchema>;

export const householdMemberSchema = z.object({
  name: text(50),
  relation: z.string().trim().max(20).default(''),
  birthYear: z.number().int().min(1900).max(2100).nullable().optional(),
  note: z.string().trim().max(200).optional(),
});
export type HouseholdMember = z.infer<typeof householdMemberSchema>;

const phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, 'must be a mobile (11 digits) or landline number');

export const householdInputSchema = z.object({
  divisionCode,
  address: text(300),
  headName: text(50),
  contactName: z.string().trim().max(50).nullable().optional(),
  contactPhone: phone.nullable().optional(),
  tags: z.array(householdTagSchema).max(HOUSEHOLD_TAGS.length).default([]),
  members: z.array(householdMemberSchema).max(30).default([]),
  note: z.string().trim().max(500).nullable().optional(),
});
export type HouseholdInput = z.infer<typeof householdInputSchema>;
export const householdPatchSchema = householdInputSchema.partial();

export const householdQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(100).optional(),
  divisionCode: divisionCode.optional(),
  tag: householdTagSchema.optional(),
  paired: z.enum(['yes', 'no']).optional(),
});

export const pairedCadreSchema = z.object({
  pairingId: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  unitName: z.string(),
  phoneMask: z.string().nullable(),
  since: isoDateTime,
});
export type PairedCadre = z.infer<typeof pairedCadreSchema>;

export const householdSchema = z.object({
  id: z.number().int(),
  divisionCode: z.string(),
  divisionName: z.string(),
  address: z.string(),
  headName: z.string(),
  contactName: z.string().nullable(),
  contactPhoneMask: z.string().nullable(),
  tags: z.array(householdTagSchema),
  members: z.array(householdMemberSchema),
  note: z.string().nullable(),
  active: z.boolean(),
  cadres: z.array(pairedCadreSchema),
  lastVisitAt: isoDateTime.nullable(),
});
export type Household = z.infer<typeof householdSchema>;
export const householdPageSchema = pageOf(householdSchema);

export const householdImportResultSchema = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  issues: z.array(importIssueSchema),
});
export type HouseholdImportResult = z.infer<typeof householdImportResultSchema>;

// ---------------------------------------------------------------------------------------------
// Pairing quotas (结对定额) — configuration per county

export type RankQuotas = Record<PersonRank, number>;
const quotaCount = z.number().int().min(0).max(50);

/**
 * The two common rules: a quota per rank (county-level 4, section-level 2, ordinary 1 by default), or "each leader one
 * poor party member plus ten households" (一名困难党员联系十户) for the leader ranks, the others by a flat quota.
 */
export const quotaRuleSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('by_rank'),
    quotas: z.object({ county: quotaCount, section: quotaCount, ordinary: quotaCount, village: quotaCount }),
  }),
  z.object({
    kind: z.literal('party_member_plus_ten'),
    leaderRanks: z.array(personRankSchema).min(1),
    partyMembers: quotaCount,
    households: quotaCount,
    otherQuota: quotaCount,
  }),
]);
export type QuotaRule = z.infer<typeof quotaRuleSchema>;

export const DEFAULT_QUOTA_RULE: QuotaRule = {
  kind: 'by_rank',
  quotas: { county: 4, section: 2, ordinary: 1, village: 1 },
};
export const PARTY_MEMBER_PLUS_TEN_RULE: QuotaRule = {
  kind: 'party_member_plus_ten',
  leaderRanks: ['county', 'section'],
  partyMembers: 1,
  households: 10,
  otherQuota: 1,
};

export const liaisonSettingsSchema = z.object({ countyCode: z.string(), quotaRule: quotaRuleSchema });
export const liaisonSettingsBodySchema = z.object({ countyCode: divisionCode.optional(), quotaRule: quotaRuleSchema });

// ---------------------------------------------------------------------------------------------
// Pairings (结对)

export const pairingCreateSchema = z.object({ cadrePersonId: id, householdId: id });
export const pairingEndSchema = z.object({ reason: text(300) });
export const pairingReplaceSchema = z.object({ cadrePersonId: id, reason: text(300) });

export const pairingSchema = z.object({
  id: z.number().int(),
  householdId: z.number().int(),
  cadrePersonId: z.number().int(),
  cadreName: z.string(),
  startedAt: isoDateTime,
  endedAt: isoDateTime.nullable(),
  endReason: z.string().nullable(),
  replacedById: z.number().int().nullable(),
});
export type Pairing = z.infer<typeof pairingSchema>;
export const pairingHistorySchema = z.object({ items: z.array(pairingSchema) });

export const coverageQuerySchema = z.object({
  divisionCode: divisionCode.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const cadreQuotaSchema = z.object({
  personId: z.number().int(),
  name: z.string(),
  unitName: z.string(),
  rank: personRankSchema,
  quota: z.number().int(),
  paired: z.number().int(),
});
export type CadreQuota = z.infer<typeof cadreQuotaSchema>;
export const coverageSchema = z.object({
  households: z.number().int(),
  pairedHouseholds: z.number().int(),
  unpairedHouseholds: z.number().int(),
  cadres: z.number().int(),
  cadresUnderQuota: z.number().int(),
  unpaired: z.array(
    z.object({ id: z.number().int(), address: z.string(), headName: z.string(), divisionName: z.string() }),
  ),
  underQuota: z.array(cadreQuotaSchema),
});
export type Coverage = z.infer<typeof coverageSchema>;

// ---------------------------------------------------------------------------------------------
// Visits (走访, "one visit, two questions")

export const VISIT_FORMS = ['home', 'phone', 'forum'] as const;
export const visitFormSchema = z.enum(VISIT_FORMS);
export type VisitForm = z.infer<typeof visitFormSchema>;

export const visitInputSchema = z.object({
  householdId: id,
  visitedAt: isoDateTime,
  form: visitFormSchema,
  learned: z.string().trim().max(2000).default(''),
  needs: z.string().trim().max(2000).default(''),
  opinions: z.string().trim().max(2000).default(''),
  /** A problem found: it becomes a request (channel liaison) in the requests module. */
  problem: z.string().trim().min(5).max(2000).nullable().optional(),
  /** Client-generated; a retried submission with the same key returns the first visit. */
  idempotencyKey: z.string().trim().min(8).max(100),
});
export type VisitInput = z.infer<typeof visitInputSchema>;

export const visitSchema = z.object({
  id: z.number().int(),
  householdId: z.number().int(),
  householdAddress: z.string(),
  headName: z.string(),
  cadrePersonId: z.number().int(),
  cadreName: z.string(),
  visitedAt: isoDateTime,
  recordedAt: isoDateTime,
  form: visitFormSchema,
  learned: z.string(),
  needs: z.string(),
  opinions: z.string(),
  problem: z.string().nullable(),
  request: z.object({ id: z.number().int(), number: z.string(), state: requestStateSchema }).nullable(),
});
export type Visit = z.infer<typeof visitSchema>;
export const visitPageSchema = pageOf(visitSchema);
export const visitQuerySchema = pageQuerySchema.extend({
  householdId: id.optional(),
  cadrePersonId: id.optional(),
  from: day.optional(),
  to: day.optional(),
  mine: z.enum(['true', 'false']).optional(),
});

// ---------------------------------------------------------------------------------------------
// Diaries (民情日记)

export const diaryInputSchema = z
  .object({
    day,
    newProblems: z.string().trim().max(3000).default(''),
    newIdeas: z.string().trim().max(3000).default(''),
  })
  .refine((d) => d.newProblems.length + d.newIdeas.length > 0, {
    message: 'write a new problem or a new idea',
    path: ['newProblems'],
  });
export const diarySchema = z.object({
  id: z.number().int(),
  cadrePersonId: z.number().int(),
  cadreName: z.string(),
  day: z.string(),
  newProblems: z.string(),
  newIdeas: z.string(),
  updatedAt: isoDateTime,
});
export type Diary = z.infer<typeof diarySchema>;
export const diaryPageSchema = pageOf(diarySchema);
export const diaryQuerySchema = pageQuerySchema.extend({ mine: z.enum(['true', 'false']).optional() });

// ---------------------------------------------------------------------------------------------
// Commitments (承诺) and deeds (为民办实事)

export const COMMITMENT_KINDS = ['post', 'deed'] as const;
export const commitmentKindSchema = z.enum(COMMITMENT_KINDS);
export const commitmentInputSchema = z.object({
  kind: commitmentKindSchema,
  title: text(100),
  content: text(2000),
  deadline: day,
  public: z.boolean().default(true),
});
export const commitmentFulfilSchema = z.object({ evidence: text(2000) });
export const commitmentSchema = z.object({
  id: z.number().int(),
  cadrePersonId: z.number().int(),
  cadreName: z.string(),
  kind: commitmentKindSchema,
  title: z.string(),
  content: z.string(),
  deadline: z.string(),
  public: z.boolean(),
  fulfilledAt: isoDateTime.nullable(),
  evidence: z.string().nullable(),
  onTime: z.boolean().nullable(),
  rating: z.number().nullable(),
  ratingCount: z.number().int(),
});
export type Commitment = z.infer<typeof commitmentSchema>;
export const commitmentListSchema = z.object({ items: z.array(commitmentSchema) });
export const publicRatingSchema = z.object({ score: z.number().int().min(1).max(5) });

export const deedInputSchema = z.object({
  title: text(100),
  description: z.string().trim().max(2000).default(''),
  householdId: id.nullable().optional(),
  doneOn: day,
  beneficiaries: z.number().int().min(0).max(1_000_000),
  /** Aid money in fen (分). */
  aidFen: z.number().int().min(0).max(10_000_000_000),
});
export const deedSchema = z.object({
  id: z.number().int(),
  cadrePersonId: z.number().int(),
  cadreName: z.string(),
  householdId: z.number().int().nullable(),
  title: z.string(),
  description: z.string(),
  doneOn: z.string(),
  beneficiaries: z.number().int(),
  aidFen: z.number().int(),
});
export type Deed = z.infer<typeof deedSchema>;
export const deedListSchema = z.object({ items: z.array(deedSchema) });

// ---------------------------------------------------------------------------------------------
// In-service party members (在职党员到社区报到)

export const partyMemberReportInputSchema = z.object({
  communityCode: divisionCode,
  post: text(100),
  registeredOn: day,
});
export const partyServiceInputSchema = z.object({
  on: day,
  hours: z.number().min(0.5).max(24),
  note: text(300),
});
export const partyAppraisalSchema = z.object({ appraisal: z.enum(['excellent', 'good', 'fair', 'poor']) });
export const partyMemberReportSchema = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  personName: z.string(),
  communityCode: z.string(),
  communityName: z.string(),
  post: z.string(),
  registeredOn: z.string(),
  services: z.array(z.object({ on: z.string(), hours: z.number(), note: z.string() })),
  serviceHours: z.number(),
  appraisal: z.enum(['excellent', 'good', 'fair', 'poor']).nullable(),
});
export type PartyMemberReport = z.infer<typeof partyMemberReportSchema>;
export const partyMemberReportListSchema = z.object({ items: z.array(partyMemberReportSchema) });

// ---------------------------------------------------------------------------------------------
// Formalism (形式主义) flags and call-backs (随机回访)

export const FORMALISM_FLAGS = ['empty_content', 'burst', 'implausible_hour', 'denied_by_household'] as const;
export const formalismFlagSchema = z.enum(FORMALISM_FLAGS);
export type FormalismFlag = z.infer<typeof formalismFlagSchema>;

export const formalismQuerySchema = z.object({ from: day, to: day, divisionCode: divisionCode.optional() });
export const formalismItemSchema = z.object({
  visitId: z.number().int(),
  cadrePersonId: z.number().int(),
  cadreName: z.string(),
  unitName: z.string(),
  householdAddress: z.string(),
  visitedAt: isoDateTime,
  form: visitFormSchema,
  flags: z.array(formalismFlagSchema),
});
export type FormalismItem = z.infer<typeof formalismItemSchema>;
export const formalismListSchema = z.object({ items: z.array(formalismItemSchema), total: z.number().int() });

export const CALLBACK_OUTCOMES = ['pending', 'confirmed', 'denied', 'unreachable'] as const;
export const callbackOutcomeSchema = z.enum(CALLBACK_OUTCOMES);
export type CallbackOutcome = z.infer<typeof callbackOutcomeSchema>;
export const callbackBatchInputSchema = z.object({
  from: day,
  to: day,
  size: z.number().int().min(1).max(500),
  divisionCode: divisionCode.optional(),
  /** Leave out to draw a fresh seed; give a recorded one to reproduce a list. */
  seed: z.string().trim().min(4).max(64).optional(),
});
export const callbackOutcomeInputSchema = z.object({
  outcome: z.enum(['confirmed', 'denied', 'unreachable']),
  note: z.string().trim().max(500).optional(),
});
export const callbackSchema = z.object({
  id: z.number().int(),
  visitId: z.number().int(),
  cadreName: z.string(),
  householdAddress: z.string(),
  headName: z.string(),
  contactPhoneMask: z.string().nullable(),
  visitedAt: isoDateTime,
  outcome: callbackOutcomeSchema,
  note: z.string().nullable(),
});
export const callbackBatchSchema = z.object({
  id: z.number().int(),
  seed: z.string(),
  from: z.string(),
  to: z.string(),
  size: z.number().int(),
  items: z.array(callbackSchema),
});
export type CallbackBatch = z.infer<typeof callbackBatchSchema>;

// ---------------------------------------------------------------------------------------------
// Figures (per cadre, unit, township) — read by assessment and reports through the module's index

export const FIGURE_GROUPS = ['cadre', 'unit', 'township'] as const;
export const figuresQuerySchema = z.object({
  groupBy: z.enum(FIGURE_GROUPS).default('unit'),
  from: day,
  to: day,
  limit: z.coerce.number().int().min(1).max(3000).default(200),
});
export const figureRowSchema = z.object({
  key: z.string(),
  name: z.string(),
  cadres: z.number().int(),
  householdsPaired: z.number().int(),
  householdsVisited: z.number().int(),
  /** Paired households visited at least once in the period ÷ paired households (0..1), null when none paired. */
  visitCoverage: z.number().nullable(),
  visits: z.number().int(),
  problemsFound: z.number().int(),
  problemsResolved: z.number().int(),
  commitmentsDue: z.number().int(),
  commitmentsOnTime: z.number().int(),
  deeds: z.number().int(),
  aidFen: z.number().int(),
});
export type FigureRow = z.infer<typeof figureRowSchema>;
export const figuresSchema = z.object({
  groupBy: z.enum(FIGURE_GROUPS),
  from: z.string(),
  to: z.string(),
  rows: z.array(figureRowSchema),
  total: figureRowSchema,
});
export type LiaisonFigures = z.infer<typeof figuresSchema>;

// ---------------------------------------------------------------------------------------------
// My page (the cadre's phone screen)

export const myLiaisonSchema = z.object({
  personId: z.number().int(),
  name: z.string(),
  rank: personRankSchema,
  quota: z.number().int(),
  households: z.array(householdSchema),
});
export type MyLiaison = z.infer<typeof myLiaisonSchema>;
