import { z } from 'zod';
import { ROLE_LABELS, roleSchema } from '../contracts/roles.js';
import type { AppWithZod, HomeCard, ModuleManifest } from './app.js';
import { findActorPlace } from './home.repository.js';
import type { Deps } from './platform/deps.js';
import { actorOf } from './platform/http/auth-hook.js';
import { languageOf } from './platform/http/errors.js';

const homeSchema = z.object({
  user: z.object({
    displayName: z.string(),
    roles: z.array(roleSchema),
    roleLabels: z.array(z.string()),
    unit: z.object({ id: z.number(), name: z.string() }).nullable(),
    scopeLabel: z.string(),
  }),
  modules: z.array(z.object({ key: z.string(), label: z.string(), count: z.number().optional() })),
});

/** GET /api/home: who the user is, their unit and scope, and each module they can open with counts. */
export function homeRoutes(app: AppWithZod, deps: Deps, modules: readonly ModuleManifest[]): void {
  app.get(
    '/api/home',
    { config: { access: { authenticated: true } }, schema: { tags: ['platform'], response: { 200: homeSchema } } },
    async (request) => {
      const actor = actorOf(request);
      const lang = languageOf(request.headers['accept-language']);
      const cards: HomeCard[] = [];
      for (const m of modules) if (m.homeCards) cards.push(...(await m.homeCards(deps, actor)));
      const who = await findActorPlace(deps.db, actor.unitId, actor.scope);
      return {
        user: {
          displayName: actor.displayName,
          roles: [...actor.roles],
          roleLabels: actor.roles.map((r) => ROLE_LABELS[r][lang]),
          unit: who.unit,
          scopeLabel: who.scopeLabel[lang],
        },
        modules: cards.map((c) => ({
          key: c.key,
          label: c.label[lang],
          ...(c.count === undefined ? {} : { count: c.count }),
        })),
      };
    },
  );
}
