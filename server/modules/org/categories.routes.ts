import { z } from 'zod';
import {
  categoryAdminSchema,
  categoryCodeSchema,
  categoryCreateSchema,
  categoryPatchSchema,
  categoryReorderSchema,
} from '../../../contracts/org.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../../platform/deps.js';
import { actorOf } from '../../platform/http/auth-hook.js';
import {
  createCategory,
  deleteCategory,
  listCategoriesForAdmin,
  reorderCategories,
  updateCategory,
} from './categories.service.js';

const READ = { access: { permission: 'org:read' } } as const;
const WRITE = { access: { permission: 'org:write' } } as const;
const tags = ['org'];
const codeParams = z.object({ code: categoryCodeSchema });

/** Taxonomy editing (诉求分类维护): every category with its state, and the writes (org:write, whole organisation). */
export function categoryAdminRoutes(app: AppWithZod, deps: Deps): void {
  app.get(
    '/api/org/categories/all',
    { config: READ, schema: { tags, response: { 200: z.array(categoryAdminSchema) } } },
    async (request) => listCategoriesForAdmin(deps, actorOf(request)),
  );
  app.post(
    '/api/org/categories',
    { config: WRITE, schema: { tags, body: categoryCreateSchema, response: { 201: categoryAdminSchema } } },
    async (request, reply) =>
      reply.status(201).send(await createCategory(deps, actorOf(request), request.body, request.id)),
  );
  app.post(
    '/api/org/categories/reorder',
    { config: WRITE, schema: { tags, body: categoryReorderSchema, response: { 200: z.array(categoryAdminSchema) } } },
    async (request) => reorderCategories(deps, actorOf(request), request.body, request.id),
  );
  app.patch(
    '/api/org/categories/:code',
    {
      config: WRITE,
      schema: { tags, params: codeParams, body: categoryPatchSchema, response: { 200: categoryAdminSchema } },
    },
    async (request) => updateCategory(deps, actorOf(request), request.params.code, request.body, request.id),
  );
  app.delete(
    '/api/org/categories/:code',
    { config: WRITE, schema: { tags, params: codeParams } },
    async (request, reply) => {
      await deleteCategory(deps, actorOf(request), request.params.code, request.id);
      return reply.status(204).send();
    },
  );
}
