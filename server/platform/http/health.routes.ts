import { sql } from 'kysely';
import { z } from 'zod';
import type { AppWithZod } from '../../app.js';
import { migrationStatus } from '../db/migrate.js';
import type { Deps } from '../deps.js';

/** /healthz: the process is up. /readyz: the database answers and every migration is applied. */
export function healthRoutes(app: AppWithZod, deps: Deps): void {
  app.get(
    '/healthz',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['platform'],
        response: { 200: z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }) },
      },
    },
    async () => ({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) }),
  );
  app.get(
    '/readyz',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['platform'],
        response: {
          200: z.object({ status: z.literal('ready'), database: z.string(), migrations: z.number() }),
          503: z.object({ status: z.literal('not_ready'), database: z.string(), problem: z.string() }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await Promise.race([
          sql`select 1`.execute(deps.db),
          new Promise((_, reject) => setTimeout(() => reject(new Error('database timeout')), 2000).unref()),
        ]);
        const m = await migrationStatus(deps.db);
        if (m.pending.length > 0) {
          return reply.status(503).send({
            status: 'not_ready' as const,
            database: deps.dbKind,
            problem: `pending migrations: ${m.pending.join(', ')}`,
          });
        }
        return { status: 'ready' as const, database: deps.dbKind, migrations: m.applied };
      } catch (err) {
        return reply
          .status(503)
          .send({ status: 'not_ready' as const, database: deps.dbKind, problem: (err as Error).message });
      }
    },
  );
}
