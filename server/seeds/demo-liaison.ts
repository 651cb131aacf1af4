/*
 * The demo year of mass liaison (联系群众) for the demo county: about 3,000 households in the villages and
 * communities, the demo cadres paired with them under the default quotas (county-level 4, section-level 2, ordinary
 * and village cadres 1; cadres prefer households of their own village, then township), a year of visits, diaries,
 * commitments, deeds, in-service party members' reports and one call-back list — with a few planted formalism
 * patterns (a burst of visits in minutes, empty visits, a visit at midnight, a visit the household denied). The
 * demo requests that came in through the liaison channel become the problems found on visits to their village.
 * Deterministic for a seed and `now`; written in one transaction with one audit entry.
 */
import { sql } from 'kysely';
import { DEFAULT_QUOTA_RULE, type HouseholdTag, type VisitForm } from '../../contracts/liaison.js';
import type { PersonRank } from '../../contracts/org.js';
import { appendAudit } from '../platform/audit/index.js';
import { maskPhone } from '../platform/crypto/mask.js';
import type { Deps } from '../platform/deps.js';
import { GIVEN_FEMALE, GIVEN_MALE, MOBILE_PREFIXES, SURNAMES } from './demo-data.js';
import { DEMO_SEED, planDemoCounty } from './demo-plan.js';
import { createRng, type Rng } from './rng.js';

export interface DemoLiaisonResult {
  households: number;
  pairings: number;
  visits: number;
  diaries: number;
  commitments: number;
  deeds: number;
  ms: number;
}

const DAY = 86_400_000;
const CHUNK = 2000;
/** Contexts of the liaison module's sealed contact fields (households.service.ts). */
const CONTACT_NAME_CONTEXT = 'liaison.contact.name';
const CONTACT_PHONE_CONTEXT = 'liaison.contact.phone';

const TAGS: readonly (readonly [HouseholdTag | null, number])[] = [
  [null, 40],
  ['difficult', 12],
  ['low_income', 10],
  ['elderly_alone', 12],
  ['party_member', 8],
  ['poor_party_member', 3],
  ['disabled', 5],
  ['left_behind_child', 6],
  ['veteran', 4],
];
const LEARNED = [
  '老两口身体尚可，儿子在外打工，每月寄钱回家',
  '家中种了八亩水稻，今年收成比去年好',
  '孙子在镇中心校读书，成绩不错',
  '户主腰椎不好，干不了重活，靠低保和儿女补贴生活',
  '新修的通组路方便了出行，农产品好卖了',
  '家里养了二十只鸡，准备年底卖',
  '独居老人，女儿每周回来看一次',
  '刚办了新农合，报销比例清楚了',
];
const NEEDS = [
  '希望帮忙联系技能培训',
  '想了解小额贷款政策',
  '房屋有点漏雨，想申请危房改造',
  '希望村里安排人定期看望老人',
  '需要办理残疾证',
  '无',
  '想咨询孩子上学的补助',
];
const OPINIONS = [
  '对村里的环境整治很满意',
  '希望路灯晚上能多亮一会儿',
  '建议增加公交班次',
  '村务公开要再及时一些',
  '对干部上门很满意',
  '无',
];
const DIARY_PROBLEMS = [
  '三组灌溉渠淤堵，需要组织清淤',
  '村口垃圾收运不及时',
  '两户独居老人冬季取暖有困难',
  '部分群众对医保缴费标准有疑问',
  '',
];
const DIARY_IDEAS = ['建议设立渠道管护员', '可以组织党员志愿者帮扶独居老人', '用村务群及时公开政策', ''];
const COMMITMENTS = [
  ['为联系户办一件实事', '年内为联系户解决一件急难愁盼的事情'],
  ['每月走访一次', '每月至少走访联系户一次，了解情况、听取意见'],
  ['协调修复通组路', '协调交通部门修复通组路坑洼路段'],
  ['落实低保复核', '配合民政所完成联系户低保复核'],
] as const;
const DEEDS = ['慰问困难群众', '协调解决饮水问题', '帮助销售农产品', '修缮危房', '资助困难学生', '联系就业岗位'];
const POSTS = ['楼栋长', '环境卫生监督员', '政策宣传员', '矛盾调解员', '志愿服务队员'];

function personName(rng: Rng): string {
  const surname = rng.weighted(SURNAMES);
  const given = rng.chance(0.5) ? GIVEN_MALE : GIVEN_FEMALE;
  return surname + rng.pick(given) + (rng.chance(0.6) ? rng.pick(given) : '');
}

/** A local (UTC+8) time of day on a day, as a UTC instant. */
const localAt = (dayStartMs: number, hour: number, minute: number) =>
  dayStartMs + (hour - 8) * 3_600_000 + minute * 60_000;
/** Local midnight of the day `ms` falls on. */
const localDayStart = (ms: number) => Math.floor((ms + 8 * 3_600_000) / DAY) * DAY;
const isoDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

async function inChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/** Loads the liaison demo year (households default 3,000) into empty liaison tables; skipped when they hold data. */
export async function seedDemoLiaison(
  deps: Deps,
  opts: { seed?: number; households?: number } = {},
): Promise<DemoLiaisonResult> {
  const started = Date.now();
  const seed = opts.seed ?? DEMO_SEED;
  const count = opts.households ?? 3000;
  const rng = createRng(seed).fork('liaison');
  const now = deps.now().getTime();
  const plan = planDemoCounty(seed);
  const villages = plan.divisions.filter((d) => d.level === 'village');
  const unitDivision = new Map(plan.units.map((u) => [u.id, u.divisionCode]));
  const tenant = (code: string) => `${code.slice(0, 6)}000000`;
  const township = (code: string) => `${code.slice(0, 9)}000`;

  // Households.
  const households = Array.from({ length: count }, (_, i) => {
    const village = rng.pick(villages);
    const head = personName(rng);
    const phone = `${rng.pick(MOBILE_PREFIXES)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
    const tags = [...new Set([rng.weighted(TAGS), rng.chance(0.2) ? rng.weighted(TAGS) : null])].filter(
      (t): t is HouseholdTag => t !== null,
    );
    const members = Array.from({ length: rng.int(1, 5) }, (_, m) => ({
      name: m === 0 ? head : personName(rng),
      relation: m === 0 ? '户主' : rng.pick(['配偶', '子女', '父母', '孙辈']),
    }));
    return {
      id: i + 1,
      tenantCode: tenant(village.code),
      divisionCode: village.code,
      address: `${village.name}${rng.int(1, 12)}组${rng.int(1, 80)}号`,
      headName: head,
      contactNameEnc: deps.cipher.encrypt(head, CONTACT_NAME_CONTEXT),
      contactPhoneEnc: deps.cipher.encrypt(phone, CONTACT_PHONE_CONTEXT),
      contactPhoneMask: maskPhone(phone),
      contactPhoneHash: deps.cipher.lookupHash(phone),
      tags: JSON.stringify(tags),
      members: JSON.stringify(members),
      note: null,
      createdAt: new Date(now - 380 * DAY),
      updatedAt: new Date(now - 380 * DAY),
    };
  });

  // Pairings under the default quotas: own village first, then own township, then anywhere with households left.
  const free = new Set(households.map((h) => h.id));
  const byVillage = new Map<string, number[]>();
  const byTownship = new Map<string, number[]>();
  for (const h of households) {
    byVillage.set(h.divisionCode, [...(byVillage.get(h.divisionCode) ?? []), h.id]);
    byTownship.set(township(h.divisionCode), [...(byTownship.get(township(h.divisionCode)) ?? []), h.id]);
  }
  const takeFrom = (ids: number[] | undefined) => ids?.find((id) => free.has(id));
  const allIds = households.map((h) => h.id);
  const pairings: { id: number; cadre: number; household: number; startedAt: number }[] = [];
  const quotas = DEFAULT_QUOTA_RULE.kind === 'by_rank' ? DEFAULT_QUOTA_RULE.quotas : null;
  // Village cadres first, so every village committee's cadre has a household of their own village.
  const cadres = [...plan.people].sort(
    (a, b) => Number(b.rank === 'village') - Number(a.rank === 'village') || a.id - b.id,
  );
  for (const p of cadres) {
    const place = unitDivision.get(p.unitId) ?? '';
    const quota = quotas ? quotas[p.rank as PersonRank] : 1;
    // A few cadres stay under quota, so the coverage view has something to show.
    const take = rng.chance(0.03) ? quota - 1 : quota;
    for (let k = 0; k < take; k++) {
      const id = takeFrom(byVillage.get(place)) ?? takeFrom(byTownship.get(township(place))) ?? takeFrom(allIds);
      if (id === undefined) break;
      free.delete(id);
      pairings.push({ id: pairings.length + 1, cadre: p.id, household: id, startedAt: now - rng.int(370, 400) * DAY });
    }
  }
  const householdById = new Map(households.map((h) => [h.id, h]));

  // Visits: every pairing visited 2 to 8 times over the year, in daytime.
  type VisitRow = {
    tenantCode: string;
    cadrePersonId: number;
    householdId: number;
    visitedAt: Date;
    recordedAt: Date;
    form: VisitForm;
    learned: string;
    needs: string;
    opinions: string;
    problem: string | null;
    idempotencyKey: string;
    requestId: number | null;
  };
  const visits: VisitRow[] = [];
  const visitRng = rng.fork('visits');
  const addVisit = (p: (typeof pairings)[number], at: number, o: Partial<VisitRow> = {}) => {
    visits.push({
      tenantCode: householdById.get(p.household)!.tenantCode,
      cadrePersonId: p.cadre,
      householdId: p.household,
      visitedAt: new Date(at),
      recordedAt: new Date(at + visitRng.int(5, 600) * 60_000),
      form: visitRng.weighted([
        ['home', 75],
        ['phone', 18],
        ['forum', 7],
      ] as const),
      learned: visitRng.pick(LEARNED),
      needs: visitRng.pick(NEEDS),
      opinions: visitRng.pick(OPINIONS),
      problem: null,
      idempotencyKey: `demo-${seed}-${visits.length + 1}`,
      requestId: null,
      ...o,
    });
  };
  for (const p of pairings) {
    const n = visitRng.int(2, 8);
    for (let k = 0; k < n; k++) {
      const day = localDayStart(now - visitRng.int(1, 364) * DAY);
      addVisit(p, localAt(day, visitRng.int(8, 17), visitRng.int(0, 59)));
    }
  }
  // Planted formalism patterns, on the first pairings of a few cadres (the inspectors' list shows them).
  const planted = rng.fork('planted').sample(pairings.slice(0, 400), 4);
  const [burstP, emptyP, lateP, deniedP] = planted;
  const burstDay = localDayStart(now - 20 * DAY);
  const sameCadre = pairings.filter((p) => p.cadre === burstP!.cadre);
  for (let k = 0; k < 4; k++) addVisit(sameCadre[k % sameCadre.length]!, localAt(burstDay, 21, 10 + k * 2));
  addVisit(emptyP!, localAt(localDayStart(now - 15 * DAY), 10, 0), { learned: '无', needs: '无', opinions: '正常' });
  addVisit(emptyP!, localAt(localDayStart(now - 12 * DAY), 10, 0), { learned: '', needs: '好', opinions: '' });
  addVisit(lateP!, localAt(localDayStart(now - 10 * DAY), 23, 40));
  const deniedKey = `demo-${seed}-${visits.length + 1}`;
  addVisit(deniedP!, localAt(localDayStart(now - 8 * DAY), 15, 0));

  const result = await deps.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(724004)`.execute(trx);
    if (await trx.selectFrom('liaisonHousehold').select('id').limit(1).executeTakeFirst()) return null;
    await inChunks(households, (c) => trx.insertInto('liaisonHousehold').values(c).execute());
    await inChunks(pairings, (c) =>
      trx
        .insertInto('liaisonPairing')
        .values(
          c.map((p) => ({
            id: p.id,
            tenantCode: householdById.get(p.household)!.tenantCode,
            cadrePersonId: p.cadre,
            householdId: p.household,
            startedAt: new Date(p.startedAt),
          })),
        )
        .execute(),
    );
    // The demo requests taken in through the liaison channel are the problems found on visits to their village.
    const liaisonRequests = await trx
      .selectFrom('request')
      .select(['id', 'body', 'divisionCode', 'receivedAt'])
      .where('channel', '=', 'liaison')
      .orderBy('id')
      .execute();
    const pairingsByVillage = new Map<string, (typeof pairings)[number][]>();
    for (const p of pairings) {
      const v = householdById.get(p.household)!.divisionCode;
      pairingsByVillage.set(v, [...(pairingsByVillage.get(v) ?? []), p]);
    }
    for (const r of liaisonRequests) {
      const candidates = r.divisionCode ? pairingsByVillage.get(r.divisionCode) : undefined;
      if (!candidates?.length) continue;
      const p = candidates[r.id % candidates.length]!;
      addVisit(p, new Date(r.receivedAt).getTime() - 30 * 60_000, { problem: r.body, requestId: r.id });
    }
    await inChunks(visits, (c) => trx.insertInto('liaisonVisit').values(c).execute());

    // Diaries, commitments and deeds of a fifth of the cadres.
    const active = rng
      .fork('records')
      .sample([...new Set(pairings.map((p) => p.cadre))], Math.ceil(plan.people.length / 5));
    const rec = rng.fork('records-draws');
    const tenantOfCadre = (id: number) =>
      tenant(unitDivision.get(plan.people.find((p) => p.id === id)?.unitId ?? 0) ?? '990000000000');
    const diaries: {
      tenantCode: string;
      cadrePersonId: number;
      day: string;
      newProblems: string;
      newIdeas: string;
      createdAt: Date;
      updatedAt: Date;
    }[] = [];
    const commitments: Record<string, unknown>[] = [];
    const deeds: Record<string, unknown>[] = [];
    for (const cadre of active) {
      const t = tenantOfCadre(cadre);
      const days = new Set<string>();
      for (let k = 0; k < rec.int(3, 12); k++) days.add(isoDay(now - rec.int(1, 360) * DAY));
      for (const day of days) {
        const newProblems = rec.pick(DIARY_PROBLEMS);
        const newIdeas = rec.pick(DIARY_IDEAS) || (newProblems ? '' : '继续跟进联系户情况');
        const at = new Date(Date.parse(`${day}T12:00:00Z`));
        diaries.push({ tenantCode: t, cadrePersonId: cadre, day, newProblems, newIdeas, createdAt: at, updatedAt: at });
      }
      const [title, content] = rec.pick(COMMITMENTS);
      const created = now - rec.int(60, 360) * DAY;
      const deadline = created + rec.int(30, 120) * DAY;
      const outcome = rec.weighted([
        ['on_time', 70],
        ['late', 10],
        ['open', 20],
      ] as const);
      const fulfilledAt =
        outcome === 'open' || deadline > now
          ? null
          : new Date(outcome === 'on_time' ? deadline - rec.int(1, 20) * DAY : deadline + rec.int(2, 20) * DAY);
      commitments.push({
        tenantCode: t,
        cadrePersonId: cadre,
        kind: rec.chance(0.5) ? 'post' : 'deed',
        title,
        content,
        deadline: isoDay(deadline),
        public: rec.chance(0.8),
        createdAt: new Date(created),
        fulfilledAt: fulfilledAt && fulfilledAt.getTime() <= now ? fulfilledAt : null,
        evidence: fulfilledAt && fulfilledAt.getTime() <= now ? '已办结，附走访记录和照片' : null,
        ratingCount: 0,
        ratingTotal: 0,
      });
      if (rec.chance(0.6)) {
        const mine = pairings.filter((p) => p.cadre === cadre);
        deeds.push({
          tenantCode: t,
          cadrePersonId: cadre,
          householdId: mine.length ? rec.pick(mine).household : null,
          title: rec.pick(DEEDS),
          description: '',
          doneOn: isoDay(now - rec.int(1, 360) * DAY),
          beneficiaries: rec.int(1, 30),
          aidFen: rec.chance(0.6) ? rec.int(10, 500) * 100 * 10 : 0,
          createdAt: new Date(now - rec.int(1, 360) * DAY),
        });
      }
    }
    await inChunks(diaries, (c) => trx.insertInto('liaisonDiary').values(c).execute());
    await inChunks(commitments, (c) =>
      trx
        .insertInto('liaisonCommitment')
        .values(c as never)
        .execute(),
    );
    await inChunks(deeds, (c) =>
      trx
        .insertInto('liaisonDeed')
        .values(c as never)
        .execute(),
    );

    // In-service party members report to the village or community where they live.
    const partyRng = rng.fork('party');
    const members = partyRng.sample(
      plan.people.filter((p) => p.partyMember),
      Math.min(200, plan.people.length),
    );
    await inChunks(
      members.map((p) => {
        const community = partyRng.pick(villages);
        return {
          tenantCode: tenant(community.code),
          personId: p.id,
          communityCode: community.code,
          post: partyRng.pick(POSTS),
          registeredOn: isoDay(now - partyRng.int(100, 360) * DAY),
          services: JSON.stringify(
            Array.from({ length: partyRng.int(1, 6) }, () => ({
              on: isoDay(now - partyRng.int(1, 90) * DAY),
              hours: partyRng.int(1, 8),
              note: partyRng.pick(['清扫公共区域', '政策宣传', '走访独居老人', '调解邻里纠纷']),
            })),
          ),
          appraisal: partyRng.chance(0.5) ? partyRng.pick(['excellent', 'good', 'fair']) : null,
        };
      }),
      (c) => trx.insertInto('liaisonPartyMemberReport').values(c).execute(),
    );

    // One call-back list of last month's visits; the planted denied visit is on it and denied.
    const deniedVisit = await trx
      .selectFrom('liaisonVisit')
      .select('id')
      .where('idempotencyKey', '=', deniedKey)
      .executeTakeFirstOrThrow();
    const recent = await trx
      .selectFrom('liaisonVisit')
      .select('id')
      .where('visitedAt', '>=', new Date(now - 30 * DAY))
      .orderBy('id')
      .limit(2000)
      .execute();
    const picked = [
      ...new Set([
        deniedVisit.id,
        ...rng.fork('callbacks').sample(
          recent.map((r) => r.id),
          19,
        ),
      ]),
    ];
    const batch = await trx
      .insertInto('liaisonCallbackBatch')
      .values({
        tenantCode: households[0]!.tenantCode,
        seed: `demo-${seed}`,
        periodFrom: isoDay(now - 30 * DAY),
        periodTo: isoDay(now),
        size: picked.length,
        createdAt: new Date(now - DAY),
        createdByUserId: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('liaisonCallback')
      .values(
        picked.map((visitId) => ({
          batchId: batch.id,
          visitId,
          outcome: visitId === deniedVisit.id ? 'denied' : 'confirmed',
          note: visitId === deniedVisit.id ? '户主表示近期没有干部来过' : null,
          recordedAt: new Date(now - DAY / 2),
        })),
      )
      .execute();
    for (const t of [
      'liaison_household',
      'liaison_pairing',
      'liaison_visit',
      'liaison_diary',
      'liaison_commitment',
      'liaison_deed',
      'liaison_party_member_report',
    ]) {
      await sql`select setval(pg_get_serial_sequence(${t}, 'id'), greatest((select max(id) from ${sql.table(t)}), 1))`.execute(
        trx,
      );
    }
    await appendAudit(trx, {
      actor: { userId: null, name: 'demo-seed' },
      action: 'demo.seed.liaison',
      objectType: 'system',
      objectId: null,
      detail: { seed, households: households.length, pairings: pairings.length, visits: visits.length },
      at: new Date(now),
    });
    return { diaries: diaries.length, commitments: commitments.length, deeds: deeds.length };
  });
  return {
    households: result ? households.length : 0,
    pairings: result ? pairings.length : 0,
    visits: result ? visits.length : 0,
    diaries: result?.diaries ?? 0,
    commitments: result?.commitments ?? 0,
    deeds: result?.deeds ?? 0,
    ms: Date.now() - started,
  };
}
