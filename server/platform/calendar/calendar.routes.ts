import {
  calendarDayOverrideSchema,
  calendarDayParamsSchema,
  calendarDaySchema,
  calendarYearParamsSchema,
  calendarYearSchema,
  isCalendarDate,
  workingDaysQuerySchema,
  workingDaysResultSchema,
} from '../../../contracts/calendar.js';
import type { AppWithZod } from '../../app.js';
import type { Deps } from '../deps.js';
import { actorOf } from '../http/auth-hook.js';
import { languageOf } from '../http/errors.js';
import {
  calendarDateError,
  checkWorkingDays,
  getCalendarYear,
  overrideCalendarDay,
  resetCalendarDay,
} from './calendar.service.js';

/** The working-day calendar: a year for the admin UI, single-day overrides, and a deadline calculator for everyone who may read it. */
export function calendarRoutes(app: AppWithZod, deps: Deps): void {
  app.get(
    '/api/calendar/working-days',
    {
      config: { access: { permission: 'calendar:read' } },
      schema: { tags: ['calendar'], querystring: workingDaysQuerySchema, response: { 200: workingDaysResultSchema } },
    },
    async (request) => checkWorkingDays(deps, request.query),
  );

  app.get(
    '/api/calendar/:year',
    {
      config: { access: { permission: 'calendar:read' } },
      schema: { tags: ['calendar'], params: calendarYearParamsSchema, response: { 200: calendarYearSchema } },
    },
    async (request) => getCalendarYear(deps, request.params.year),
  );

  app.put(
    '/api/calendar/days/:day',
    {
      config: { access: { permission: 'calendar:write' } },
      schema: {
        tags: ['calendar'],
        params: calendarDayParamsSchema,
        body: calendarDayOverrideSchema,
        response: { 200: calendarDaySchema },
      },
    },
    async (request) => {
      const { day } = request.params;
      if (!isCalendarDate(day)) throw calendarDateError('day', languageOf(request.headers['accept-language']));
      return overrideCalendarDay(deps, actorOf(request), day, request.body, request.id);
    },
  );

  app.delete(
    '/api/calendar/days/:day',
    {
      config: { access: { permission: 'calendar:write' } },
      schema: { tags: ['calendar'], params: calendarDayParamsSchema, response: { 200: calendarDaySchema } },
    },
    async (request) => {
      const { day } = request.params;
      if (!isCalendarDate(day)) throw calendarDateError('day', languageOf(request.headers['accept-language']));
      return resetCalendarDay(deps, actorOf(request), day, request.id);
    },
  );
}
