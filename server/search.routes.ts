import type { Permission } from '../contracts/roles.js';
import {
  type ModuleSearchInput,
  SEARCH_KINDS,
  type SearchGroup,
  type SearchKind,
  searchQuerySchema,
  searchResultSchema,
} from '../contracts/search.js';
import type { AppWithZod } from './app.js';
import { searchHouseholds } from './modules/liaison/index.js';
import { searchPeople } from './modules/org/index.js';
import { searchRequests } from './modules/requests/index.js';
import type { Deps } from './platform/deps.js';
import type { Actor } from './platform/http/actor.js';
import { actorOf } from './platform/http/auth-hook.js';
import { AppError, languageOf, toFieldIssues } from './platform/http/errors.js';
import { searchTerms } from './platform/text/highlight.js';

/** Each kind, the permission that lets a user read it, and the module's own search (its scope rule and masks). */
const KINDS: Record<
  SearchKind,
  {
    permission: Permission;
    search: (deps: Pick<Deps, 'db'>, actor: Actor, input: ModuleSearchInput) => Promise<SearchGroup>;
  }
> = {
  requests: { permission: 'requests:read', search: searchRequests },
  households: { permission: 'liaison:read', search: searchHouseholds },
  people: { permission: 'org:read', search: searchPeople },
};

/** A 400 naming one query field, in both languages. */
function queryFieldError(field: string, zh: string, en: string): AppError {
  const zhIssue = toFieldIssues([{ path: [field], message: zh }], 'zh')[0]!;
  const enIssue = toFieldIssues([{ path: [field], message: en }], 'en')[0]!;
  return new AppError('VALIDATION_FAILED', {
    issues: [{ ...zhIssue, messageZh: zhIssue.messageZh, messageEn: enIssue.messageEn }],
  });
}

/**
 * GET /api/search: the staff's global search over requests, households and people (issue #7 point 2). Each kind
 * is searched by its own module within the user's scope; without `kind`, every kind the user may read comes back
 * as a group, with `kind` only that one (403 when the user may not read it).
 */
export function searchRoutes(app: AppWithZod, deps: Deps): void {
  app.get(
    '/api/search',
    {
      config: { access: { authenticated: true } },
      schema: { tags: ['platform'], querystring: searchQuerySchema, response: { 200: searchResultSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query;
      const terms = searchTerms(query.q);
      if (terms.length === 0) {
        throw queryFieldError('q', '搜索词不能只含空白或不可见字符', 'the search text holds no visible character');
      }
      if (query.from && query.to && query.from >= query.to) {
        throw queryFieldError('to', '结束时间须晚于开始时间', 'must be later than from');
      }
      const allowed = SEARCH_KINDS.filter((k) => actor.permissions.has(KINDS[k].permission));
      if (query.kind && !allowed.includes(query.kind)) throw new AppError('AUTH_FORBIDDEN');
      const kinds = query.kind ? [query.kind] : allowed;
      const input: ModuleSearchInput = {
        terms,
        divisionCode: query.divisionCode,
        state: query.state,
        from: query.from,
        to: query.to,
        sort: query.sort,
        page: query.page,
        pageSize: query.pageSize,
        lang: languageOf(request.headers['accept-language']),
      };
      // At once, each kind on its own pooled connection on PostgreSQL (the user waits for the slowest, not the sum;
      // PGlite's one connection takes them in turn), the groups in the kinds' order.
      const groups: SearchGroup[] = await Promise.all(kinds.map((kind) => KINDS[kind].search(deps, actor, input)));
      return { terms, page: query.page, pageSize: query.pageSize, groups };
    },
  );
}
