import { z } from 'zod';

/** Server-side paging, filtering and sorting: every list endpoint takes these. */
export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  sort: z
    .string()
    .regex(/^-?[a-zA-Z]+$/, 'sort: a field name, prefixed with - for descending')
    .optional(),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  /** True when counting stopped at `total` (a text search over many rows): there are more, shown as "total+". */
  totalCapped?: boolean;
}

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    totalCapped: z.boolean().optional(),
  });

/** A row-by-row import problem: which row (1-based, header is row 1), which column, what is wrong. */
export const importIssueSchema = z.object({ row: z.number().int(), column: z.string(), problem: z.string() });
export type ImportIssue = z.infer<typeof importIssueSchema>;
