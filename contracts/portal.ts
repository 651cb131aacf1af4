import { z } from 'zod';
import { publicTrackResponseSchema, requestTypeSchema } from './requests.js';

// The public portal (门户, DESIGN.md §2 and issue #6): what citizens submit and read without signing in, and the
// discipline inspectors' view of anonymous misconduct reports (举报).

/** At most this many photos or PDFs go with one portal submission or misconduct report. */
export const PORTAL_MAX_FILES = 5;
/** The description's bounds (characters): long enough to act on, short enough to read. */
export const PORTAL_BODY_MIN = 5;
export const PORTAL_BODY_MAX = 2000;

/** The types a citizen picks from on the portal; misconduct by cadres (举报) has its own anonymous form. */
export const PORTAL_REQUEST_TYPES = ['consultation', 'help', 'complaint', 'suggestion', 'praise'] as const;

/** One leaf or group of the taxonomy as the portal shows it: the names from the top and a plain-language hint. */
export const portalCategorySchema = z.object({
  code: z.string(),
  name: z.string(),
  /** Names from the top level down to this one, e.g. ['城乡建设', '市政设施', '路灯照明']. */
  path: z.array(z.string()),
  /** What belongs here, in everyday words (from the top-level area). */
  hint: z.object({ zh: z.string(), en: z.string() }),
});
export type PortalCategory = z.infer<typeof portalCategorySchema>;

/**
 * The fields of a portal submission (multipart form fields next to up to 5 files named `files`). Values arrive as
 * strings; the server checks them with clear messages per field (server/modules/portal/domain/submission.ts).
 */
export const portalSubmitFieldsSchema = z.object({
  type: z.string().optional(),
  categoryCode: z.string().optional(),
  divisionCode: z.string().optional(),
  address: z.string().optional(),
  body: z.string().optional(),
  name: z.string().optional(),
  phone: z.string().optional(),
  consent: z.string().optional(),
  /** The honeypot: a field people never see; anything in it refuses the submission. */
  website: z.string().optional(),
  /** The cadre a liaison contact card was addressed to (`?cadre=<id>`). */
  cadre: z.string().optional(),
  idempotencyKey: z.string().optional(),
});
export type PortalSubmitFields = z.infer<typeof portalSubmitFieldsSchema>;

export const portalSubmitResultSchema = z.object({
  number: z.string(),
  /** Shown once: only its hash is kept. Absent when a retried submission returns the first one. */
  receiptCode: z.string().optional(),
});
export type PortalSubmitResult = z.infer<typeof portalSubmitResultSchema>;

/** Tracking as the portal shows it: the public timeline plus the deadlines the citizen can hold the unit to. */
export const portalTrackResponseSchema = publicTrackResponseSchema.extend({
  /** The unit must accept (签收) by then; null once accepted or before dispatch. */
  responseDeadline: z.string().nullable(),
  /** The unit must reply by then; null before acceptance. */
  resolutionDeadline: z.string().nullable(),
  leadUnitName: z.string().nullable(),
});
export type PortalTrackResponse = z.infer<typeof portalTrackResponseSchema>;

export const portalHotTopicsQuerySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
});

/** The month's hot topics: counts of requests per township and category, nothing about any one request. */
export const portalHotTopicsSchema = z.object({
  month: z.string(),
  topics: z.array(z.object({ divisionName: z.string(), categoryName: z.string(), count: z.number().int() })),
});
export type PortalHotTopics = z.infer<typeof portalHotTopicsSchema>;

export const portalPlaceQuerySchema = z.object({
  parent: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
});
/** A place the citizen picks: one level of the division tree at a time. */
export const portalPlaceSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  hasChildren: z.boolean(),
});
export type PortalPlace = z.infer<typeof portalPlaceSchema>;

// ---------------------------------------------------------------------------------------------
// Anonymous misconduct reports (举报)

export const MISCONDUCT_STATES = ['new', 'in_review', 'closed'] as const;
export const misconductStateSchema = z.enum(MISCONDUCT_STATES);
export type MisconductState = z.infer<typeof misconductStateSchema>;
export const MISCONDUCT_STATE_LABELS: Record<MisconductState, { zh: string; en: string }> = {
  new: { zh: '待处理', en: 'New' },
  in_review: { zh: '核查中', en: 'Under review' },
  closed: { zh: '已办结', en: 'Closed' },
};

/** The receipt: a public lookup part and a secret of 128 bits (26 base32 characters), e.g. `JB3K9QZ2X7-…`. */
export const misconductReceiptSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z2-7]{10}-[A-Z2-7]{26}$/, 'must be the receipt you were given');

export const misconductReceiptResultSchema = z.object({ receipt: z.string() });

export const misconductMessageSchema = z.object({
  author: z.enum(['inspector', 'reporter']),
  body: z.string(),
  at: z.string(),
});

/** What the reporter reads with the receipt: the state and the conversation (no names of inspectors). */
export const misconductReporterViewSchema = z.object({
  state: misconductStateSchema,
  createdOn: z.string(),
  subject: z.string(),
  messages: z.array(misconductMessageSchema),
});
export type MisconductReporterView = z.infer<typeof misconductReporterViewSchema>;

export const misconductAnswerBodySchema = z.object({
  receipt: misconductReceiptSchema,
  body: z.string().trim().min(1).max(PORTAL_BODY_MAX),
});
export const misconductLookupBodySchema = z.object({ receipt: misconductReceiptSchema });

export const misconductSummarySchema = z.object({
  id: z.number().int(),
  subject: z.string(),
  divisionName: z.string().nullable(),
  state: misconductStateSchema,
  createdOn: z.string(),
  hasIdentity: z.boolean(),
  fileCount: z.number().int(),
});
export type MisconductSummary = z.infer<typeof misconductSummarySchema>;

export const misconductDetailSchema = misconductSummarySchema.extend({
  body: z.string(),
  messages: z.array(misconductMessageSchema),
  files: z.array(z.object({ id: z.string(), mime: z.string(), size: z.number().int() })),
});
export type MisconductDetail = z.infer<typeof misconductDetailSchema>;

export const misconductQuestionBodySchema = z.object({ body: z.string().trim().min(1).max(PORTAL_BODY_MAX) });
export const misconductStateBodySchema = z.object({ state: misconductStateSchema });
export const misconductRevealBodySchema = z.object({ reason: z.string().trim().min(5).max(500) });
export const misconductRevealResultSchema = z.object({ identity: z.string().nullable() });

export { requestTypeSchema as portalRequestTypeSchema };
