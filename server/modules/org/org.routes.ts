import { z } from 'zod';
import { pageOf } from '../../../contracts/common.js';
import {
  divisionCodeSchema,
  divisionCreateSchema,
  divisionListQuerySchema,
  divisionPatchSchema,
  divisionSchema,
  divisionTreeQuerySchema,
  importQuerySchema,
  importResultSchema,
  orgFileKindSchema,
  personCreateSchema,
  personListQuerySchema,
  personPatchSchema,
  personSchema,
  revealRequestSchema,
  revealResponseSchema,
  treeNodeSchema,
  unitCategoriesSchema,
  unitCreateSchema,
  unitDetailSchema,
  unitListQuerySchema,
  unitPatchSchema,
  unitSchema,
} from '../../../contracts/org.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../../platform/deps.js';
import { actorOf } from '../../platform/http/auth-hook.js';
import { AppError, languageOf } from '../../platform/http/errors.js';
import { sendXlsx } from '../../platform/http/xlsx.js';
import { categoryAdminRoutes } from './categories.routes.js';
import {
  createDivision,
  deleteDivisionByCode,
  getDivision,
  getDivisionTree,
  listDivisionsPage,
  renameDivision,
} from './divisions.service.js';
import { exportOrgXlsx, importTemplateXlsx } from './org.export.js';
import { importOrgFile } from './org.import.js';
import { getCategoryTree } from './org.service.js';
import {
  createPerson,
  getPerson,
  listPeoplePage,
  personalDataIssues,
  removePerson,
  revealPersonField,
  updatePersonById,
} from './people.service.js';
import {
  createUnit,
  deleteUnitById,
  getUnit,
  listUnitsPage,
  setUnitCategories,
  updateUnitById,
} from './units.service.js';

const READ = { access: { permission: 'org:read' } } as const;
const WRITE = { access: { permission: 'org:write' } } as const;
const REVEAL = { access: { permission: 'people:reveal' } } as const;
const tags = ['org'];

const codeParams = z.object({ code: divisionCodeSchema });
const idParams = z.object({ id: z.coerce.number().int().positive() });
const kindParams = z.object({ kind: orgFileKindSchema });

/**
 * Person bodies also check the phone and ID number, so the 400 names the field before anything is stored. The
 * full check replaces the contract's character filter on the phone (kept for the web form), so a bad phone is
 * reported once, in Chinese and in English.
 */
const withPersonalChecks = <T extends { phone?: string | null | undefined; idNumber?: string | null | undefined }>(
  v: T,
  ctx: z.RefinementCtx,
) => {
  for (const issue of personalDataIssues(v)) {
    ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.en, params: { messageZh: issue.zh } });
  }
};
const phoneText = z.string().trim().max(30);
const personCreateBody = personCreateSchema
  .extend({ phone: phoneText.nullable().optional() })
  .superRefine(withPersonalChecks);
const personPatchBody = personPatchSchema
  .extend({ phone: phoneText.nullable().optional() })
  .superRefine(withPersonalChecks);

/** The org module's HTTP API: divisions, categories, units and their catalogues, people, import and export. */
export function orgRoutes(app: AppWithZod, deps: Deps): void {
  // ------------------------------------------------------------------ divisions
  app.get(
    '/api/org/divisions',
    { config: READ, schema: { tags, querystring: divisionListQuerySchema, response: { 200: pageOf(divisionSchema) } } },
    async (request) => listDivisionsPage(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/org/divisions/tree',
    {
      config: READ,
      schema: { tags, querystring: divisionTreeQuerySchema, response: { 200: z.array(treeNodeSchema) } },
    },
    async (request) => getDivisionTree(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/org/divisions/export.xlsx',
    { config: READ, schema: { tags, querystring: divisionListQuerySchema } },
    async (request, reply) => {
      const { page: _p, pageSize: _s, ...filters } = request.query;
      return sendXlsx(
        reply,
        '行政区划.xlsx',
        await exportOrgXlsx(deps, actorOf(request), 'divisions', filters, request.id),
      );
    },
  );
  app.get(
    '/api/org/divisions/:code',
    { config: READ, schema: { tags, params: codeParams, response: { 200: divisionSchema } } },
    async (request) => getDivision(deps, actorOf(request), request.params.code),
  );
  app.post(
    '/api/org/divisions',
    { config: WRITE, schema: { tags, body: divisionCreateSchema, response: { 201: divisionSchema } } },
    async (request, reply) =>
      reply.status(201).send(await createDivision(deps, actorOf(request), request.body, request.id)),
  );
  app.patch(
    '/api/org/divisions/:code',
    {
      config: WRITE,
      schema: { tags, params: codeParams, body: divisionPatchSchema, response: { 200: divisionSchema } },
    },
    async (request) => renameDivision(deps, actorOf(request), request.params.code, request.body, request.id),
  );
  app.delete(
    '/api/org/divisions/:code',
    { config: WRITE, schema: { tags, params: codeParams } },
    async (request, reply) => {
      await deleteDivisionByCode(deps, actorOf(request), request.params.code, request.id);
      return reply.status(204).send();
    },
  );

  // ------------------------------------------------------------------ categories
  app.get(
    '/api/org/categories',
    { config: READ, schema: { tags, response: { 200: z.array(treeNodeSchema) } } },
    async (request) => getCategoryTree(deps, actorOf(request)),
  );
  categoryAdminRoutes(app, deps);

  // ------------------------------------------------------------------ units
  app.get(
    '/api/org/units',
    { config: READ, schema: { tags, querystring: unitListQuerySchema, response: { 200: pageOf(unitSchema) } } },
    async (request) => listUnitsPage(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/org/units/export.xlsx',
    { config: READ, schema: { tags, querystring: unitListQuerySchema } },
    async (request, reply) => {
      const { page: _p, pageSize: _s, ...filters } = request.query;
      return sendXlsx(reply, '单位.xlsx', await exportOrgXlsx(deps, actorOf(request), 'units', filters, request.id));
    },
  );
  app.get(
    '/api/org/units/:id',
    { config: READ, schema: { tags, params: idParams, response: { 200: unitDetailSchema } } },
    async (request) => getUnit(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/org/units',
    { config: WRITE, schema: { tags, body: unitCreateSchema, response: { 201: unitDetailSchema } } },
    async (request, reply) =>
      reply.status(201).send(await createUnit(deps, actorOf(request), request.body, request.id)),
  );
  app.patch(
    '/api/org/units/:id',
    { config: WRITE, schema: { tags, params: idParams, body: unitPatchSchema, response: { 200: unitDetailSchema } } },
    async (request) => updateUnitById(deps, actorOf(request), request.params.id, request.body, request.id),
  );
  app.delete('/api/org/units/:id', { config: WRITE, schema: { tags, params: idParams } }, async (request, reply) => {
    await deleteUnitById(deps, actorOf(request), request.params.id, request.id);
    return reply.status(204).send();
  });
  app.put(
    '/api/org/units/:id/categories',
    {
      config: WRITE,
      schema: { tags, params: idParams, body: unitCategoriesSchema, response: { 200: unitDetailSchema } },
    },
    async (request) =>
      setUnitCategories(deps, actorOf(request), request.params.id, request.body.categoryCodes, request.id),
  );

  // ------------------------------------------------------------------ people
  app.get(
    '/api/org/people',
    { config: READ, schema: { tags, querystring: personListQuerySchema, response: { 200: pageOf(personSchema) } } },
    async (request) => listPeoplePage(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/org/people/export.xlsx',
    { config: READ, schema: { tags, querystring: personListQuerySchema } },
    async (request, reply) => {
      const { page: _p, pageSize: _s, ...filters } = request.query;
      return sendXlsx(reply, '人员.xlsx', await exportOrgXlsx(deps, actorOf(request), 'people', filters, request.id));
    },
  );
  app.get(
    '/api/org/people/:id',
    { config: READ, schema: { tags, params: idParams, response: { 200: personSchema } } },
    async (request) => getPerson(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/api/org/people',
    {
      config: WRITE,
      schema: { tags, body: personCreateBody, response: { 201: personSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await createPerson(deps, actorOf(request), request.body, request.id)),
  );
  app.patch(
    '/api/org/people/:id',
    {
      config: WRITE,
      schema: {
        tags,
        params: idParams,
        body: personPatchBody,
        response: { 200: personSchema },
      },
    },
    async (request) => updatePersonById(deps, actorOf(request), request.params.id, request.body, request.id),
  );
  app.delete(
    '/api/org/people/:id',
    { config: WRITE, schema: { tags, params: idParams, response: { 200: personSchema } } },
    async (request) => removePerson(deps, actorOf(request), request.params.id, request.id),
  );
  app.post(
    '/api/org/people/:id/reveal',
    {
      config: REVEAL,
      schema: { tags, params: idParams, body: revealRequestSchema, response: { 200: revealResponseSchema } },
    },
    async (request) => revealPersonField(deps, actorOf(request), request.params.id, request.body, request.id),
  );

  // ------------------------------------------------------------------ import
  app.post(
    '/api/org/import/:kind',
    {
      config: WRITE,
      schema: { tags, params: kindParams, querystring: importQuerySchema, response: { 200: importResultSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      const file = await request.file();
      if (file?.fieldname !== 'file') throw new AppError('IMPORT_BAD_FILE', { field: 'file' });
      const buffer = await file.toBuffer();
      return importOrgFile(deps, actor, request.params.kind, buffer, file.filename, {
        dryRun: request.query.dryRun,
        lang: languageOf(request.headers['accept-language']),
        requestId: request.id,
      });
    },
  );
  app.get(
    '/api/org/import/:kind/template.xlsx',
    { config: READ, schema: { tags, params: kindParams } },
    async (request, reply) =>
      sendXlsx(reply, `导入模板-${request.params.kind}.xlsx`, await importTemplateXlsx(request.params.kind)),
  );
}
