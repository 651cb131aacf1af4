import { z } from 'zod';
import { requestStateSchema } from './requests.js';

/** What the global search looks through; each needs its module's read permission. */
export const SEARCH_KINDS = ['requests', 'households', 'people'] as const;
export const searchKindSchema = z.enum(SEARCH_KINDS);
export type SearchKind = z.infer<typeof searchKindSchema>;

export const SEARCH_SORTS = ['relevance', 'newest'] as const;

/**
 * GET /api/search: `q` is a substring (or up to five space-separated substrings, all required) of the stored text,
 * normalised like the stored text (traditional input finds simplified text, full-width digits find half-width).
 * Without `kind`, every kind the user may read comes back as one group (its first page); with `kind`, that kind only.
 */
export const searchQuerySchema = z.object({
  q: z.string().trim().min(1).max(100),
  kind: searchKindSchema.optional(),
  /** Requests whose place, households whose village, people whose unit's place lie in this division's subtree. */
  divisionCode: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit division code')
    .optional(),
  /** Requests only. */
  state: requestStateSchema.optional(),
  /** Requests received at or after / before these instants. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Default: newest first for requests (cheap at a million rows), relevance for households and people. */
  sort: z.enum(SEARCH_SORTS).optional(),
  page: z.coerce.number().int().min(1).max(50).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export const snippetSchema = z.object({
  /** Which stored field matched: requests title/body/address/reply/number, households name/address/village,
   * people name/pinyin/unit. */
  field: z.string(),
  text: z.string(),
  /** [start, end) offsets into `text` (UTF-16 code units) of each match. */
  ranges: z.array(z.tuple([z.number().int(), z.number().int()])),
  cutStart: z.boolean(),
  cutEnd: z.boolean(),
});
export type SearchSnippet = z.infer<typeof snippetSchema>;

export const searchHitSchema = z.object({
  kind: searchKindSchema,
  id: z.number().int(),
  /** The hit's title line: a request's number and title, a household's head and address, a person's name. */
  title: z.string(),
  /** A second line: state and place, village, unit and position (personal data masked as in the module's list). */
  subtitle: z.string(),
  /** The web page that shows the hit. */
  link: z.string(),
  /** ISO instant: a request's receipt, a household's or person's creation. */
  at: z.string(),
  snippets: z.array(snippetSchema),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchGroupSchema = z.object({
  kind: searchKindSchema,
  /** Matches in the user's scope, counted up to `SEARCH_COUNT_CAP` (100; `totalCapped` then says there are more). */
  total: z.number().int(),
  totalCapped: z.boolean(),
  /** Queries of only one or two characters (no trigram to use) look through the newest requests only. */
  recentOnly: z.boolean(),
  items: z.array(searchHitSchema),
});
export type SearchGroup = z.infer<typeof searchGroupSchema>;

export const searchResultSchema = z.object({
  /** The terms searched for, normalised as stored text is. */
  terms: z.array(z.string()),
  page: z.number().int(),
  pageSize: z.number().int(),
  groups: z.array(searchGroupSchema),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

/** Counting stops here: beyond it the total is shown as "100+" (each counted match costs a recheck of its text). */
export const SEARCH_COUNT_CAP = 100;
/** One- and two-character queries over requests look through this many newest requests in scope. */
export const SEARCH_SHORT_WINDOW = 10000;

/** What each module's search function gets: the query's terms (normalised) and its filters, and the reply language. */
export interface ModuleSearchInput {
  terms: string[];
  divisionCode?: string | undefined;
  state?: SearchQuery['state'];
  from?: string | undefined;
  to?: string | undefined;
  sort?: SearchQuery['sort'];
  page: number;
  pageSize: number;
  lang: 'zh' | 'en';
}
