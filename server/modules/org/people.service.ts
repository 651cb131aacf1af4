import type { Page } from '../../../contracts/common.js';
import {
  PERSON_SORTS,
  type Person,
  type PersonCreate,
  type PersonListQuery,
  type PersonPatch,
  type RevealRequest,
} from '../../../contracts/org.js';
import { appendAudit } from '../../platform/audit/audit.repository.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import {
  isValidChineseIdNumber,
  isValidMobile,
  maskIdNumber,
  maskPhone,
  normalisePhone,
} from '../../platform/crypto/mask.js';
import type { Db } from '../../platform/db/database.js';
import type { Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/http/errors.js';
import { buildSearchText, pinyinOf } from '../../platform/text/index.js';
import type { OrgActor } from './org.policy.js';
import { auditActor, authorize, fieldError, iso, pageWindow, searchTerm, sortOrFail } from './org.service.js';
import {
  findPerson,
  findPersonSecret,
  insertPeople,
  listPeople,
  lockPerson,
  type PersonRow,
  type PersonStoredRow,
  takenIdNumberHashes,
  updatePerson,
} from './people.repository.js';
import { findUnit, unitExists } from './units.repository.js';

/** Encryption contexts bind each ciphertext to its field, so a phone token cannot be replayed as an ID number. */
const CONTEXT = { phone: 'person.phone', idNumber: 'person.idNumber' } as const;

/** The API shape of a person row (masks only). */
export function toPerson(r: PersonRow): Person {
  return {
    id: r.id,
    unitId: r.unitId,
    unitName: r.unitName,
    name: r.name,
    gender: r.gender,
    rank: r.rank,
    position: r.position,
    partyMember: r.partyMember,
    phoneMask: r.phoneMask,
    idNumberMask: r.idNumberMask,
    active: r.active,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

/** Whether a number is a mainland mobile or a landline with its area code (e.g. 0731-84567890). */
export function isValidPhone(raw: string): boolean {
  return isValidMobile(raw) || /^0\d{9,11}$/.test(normalisePhone(raw));
}

/** The problems of the personal fields of a person input, by field (empty when both are valid or absent). */
export function personalDataIssues(input: {
  phone?: string | null | undefined;
  idNumber?: string | null | undefined;
}): { field: 'phone' | 'idNumber'; zh: string; en: string }[] {
  const out: { field: 'phone' | 'idNumber'; zh: string; en: string }[] = [];
  if (input.phone && !isValidPhone(input.phone)) {
    out.push({ field: 'phone', zh: '不是有效的手机号或固定电话', en: 'not a valid mobile or landline number' });
  }
  if (input.idNumber && !isValidChineseIdNumber(input.idNumber)) {
    out.push({
      field: 'idNumber',
      zh: '不是有效的18位居民身份证号',
      en: 'not a valid 18-character resident ID number',
    });
  }
  return out;
}

/** Encrypt, mask and hash one personal field for storage; null clears it. */
export function sealPersonal(
  cipher: FieldCipher,
  field: 'phone' | 'idNumber',
  raw: string | null,
): { enc: string | null; mask: string | null; hash: string | null } {
  if (!raw) return { enc: null, mask: null, hash: null };
  const value = field === 'phone' ? normalisePhone(raw) : raw.trim().toUpperCase();
  return {
    enc: cipher.encrypt(value, CONTEXT[field]),
    mask: field === 'phone' ? maskPhone(value) : maskIdNumber(value),
    hash: cipher.lookupHash(value),
  };
}

/** The stored columns of a person's name: pinyin for sorting, search text for name / pinyin / initials search. */
export function nameColumns(name: string): Pick<PersonStoredRow, 'namePinyin' | 'nameInitials' | 'searchText'> {
  const { full, initials } = pinyinOf(name);
  return { namePinyin: full, nameInitials: initials, searchText: buildSearchText([], [name]) };
}

/** The stored row of a new person: personal data encrypted, masked and hashed, never kept in clear. */
export function storedPerson(
  cipher: FieldCipher,
  input: Omit<PersonCreate, 'partyMember'> & { partyMember?: boolean | undefined },
): PersonStoredRow {
  const phone = sealPersonal(cipher, 'phone', input.phone ?? null);
  const id = sealPersonal(cipher, 'idNumber', input.idNumber ?? null);
  return {
    unitId: input.unitId,
    name: input.name,
    ...nameColumns(input.name),
    gender: input.gender ?? null,
    rank: input.rank,
    position: input.position ?? null,
    partyMember: input.partyMember ?? false,
    phoneEnc: phone.enc,
    phoneMask: phone.mask,
    phoneHash: phone.hash,
    idNumberEnc: id.enc,
    idNumberMask: id.mask,
    idNumberHash: id.hash,
  };
}

function failOnPersonalIssues(input: Parameters<typeof personalDataIssues>[0]): void {
  const [issue] = personalDataIssues(input);
  if (issue) throw fieldError(issue.field, issue.zh, issue.en);
}

/** Check a unit the actor may put people in: 400 naming `unitId` when unknown, 403 outside their scope. */
async function unitInScopeOrFail(trx: Db, actor: OrgActor, unitId: number): Promise<void> {
  if (await findUnit(trx, actor.scope, unitId)) return;
  if (await unitExists(trx, unitId)) throw new AppError('AUTH_OUT_OF_SCOPE');
  throw fieldError('unitId', `单位 ${unitId} 不存在`, `unit ${unitId} does not exist`);
}

/** One page of the people in the actor's scope; `q` finds names by substring, full pinyin or initials. */
export async function listPeoplePage(
  deps: Pick<Deps, 'db'>,
  actor: OrgActor,
  query: PersonListQuery,
): Promise<Page<Person>> {
  authorize(actor, 'read');
  const sort = sortOrFail(query.sort, PERSON_SORTS, { field: 'name', direction: 'asc' });
  const { q, sort: _s, page, pageSize, ...filters } = query;
  const { items, total } = await listPeople(
    deps.db,
    actor.scope,
    { ...filters, search: searchTerm(q) },
    sort,
    pageWindow(query),
  );
  return { items: items.map(toPerson), total, page, pageSize };
}

/** A person in the actor's scope (masked); out of scope reads as not found. */
export async function getPerson(deps: Pick<Deps, 'db'>, actor: OrgActor, id: number): Promise<Person> {
  authorize(actor, 'read');
  const row = await findPerson(deps.db, actor.scope, id);
  if (!row) throw new AppError('ORG_PERSON_NOT_FOUND');
  return toPerson(row);
}

/**
 * Register a person in a unit of the actor's scope; the phone and ID number are validated, then stored only
 * encrypted with a mask and a lookup hash, and one ID number belongs to one person.
 */
export async function createPerson(
  deps: Deps,
  actor: OrgActor,
  input: PersonCreate,
  requestId?: string,
): Promise<Person> {
  authorize(actor, 'write');
  failOnPersonalIssues(input);
  const now = deps.now();
  const stored = storedPerson(deps.cipher, input);
  return deps.db.transaction().execute(async (trx) => {
    await unitInScopeOrFail(trx, actor, input.unitId);
    if (stored.idNumberHash && (await takenIdNumberHashes(trx, [stored.idNumberHash])).size) {
      throw new AppError('ORG_PERSON_ID_NUMBER_TAKEN');
    }
    const [id] = await insertPeople(trx, [stored], now);
    const created = toPerson((await findPerson(trx, { kind: 'all' }, id!))!);
    await appendAudit(trx, {
      actor: auditActor(actor),
      action: 'person.create',
      objectType: 'person',
      objectId: id,
      after: created,
      requestId: requestId ?? null,
      at: now,
    });
    return created;
  });
}

/** Change a person in the actor's scope; moving them to another unit needs that unit in scope too. */
export async function updatePersonById(
  deps: Deps,
  actor: OrgActor,
  id: number,
  patch: PersonPatch,
  requestId?: string,
): Promise<Person> {
  authorize(actor, 'write');
  failOnPersonalIssues(patch);
  const now = deps.now();
  const values: Partial<PersonStoredRow> & { active?: boolean } = {};
  if (patch.name !== undefined) Object.assign(values, { name: patch.name, ...nameColumns(patch.name) });
  if (patch.gender !== undefined) values.gender = patch.gender;
  if (patch.rank !== undefined) values.rank = patch.rank;
  if (patch.position !== undefined) values.position = patch.position;
  if (patch.partyMember !== undefined) values.partyMember = patch.partyMember;
  if (patch.active !== undefined) values.active = patch.active;
  if (patch.phone !== undefined) {
    const s = sealPersonal(deps.cipher, 'phone', patch.phone);
    Object.assign(values, { phoneEnc: s.enc, phoneMask: s.mask, phoneHash: s.hash });
  }
  if (patch.idNumber !== undefined) {
    const s = sealPersonal(deps.cipher, 'idNumber', patch.idNumber);
    Object.assign(values, { idNumberEnc: s.enc, idNumberMask: s.mask, idNumberHash: s.hash });
  }
  return deps.db.transaction().execute(async (trx) => {
    const before = await findPerson(trx, actor.scope, id);
    if (!before) throw new AppError('ORG_PERSON_NOT_FOUND');
    await lockPerson(trx, id);
    if (patch.unitId !== undefined && patch.unitId !== before.unitId) {
      await unitInScopeOrFail(trx, actor, patch.unitId);
      values.unitId = patch.unitId;
    }
    if (values.idNumberHash && (await takenIdNumberHashes(trx, [values.idNumberHash], id)).size) {
      throw new AppError('ORG_PERSON_ID_NUMBER_TAKEN');
    }
    await updatePerson(trx, id, values, now);
    const after = toPerson((await findPerson(trx, { kind: 'all' }, id))!);
    await appendAudit(trx, {
      actor: auditActor(actor),
      action: 'person.update',
      objectType: 'person',
      objectId: id,
      before: toPerson(before),
      after,
      requestId: requestId ?? null,
      at: now,
    });
    return after;
  });
}

/** Remove a person from the active roster (soft delete: records that name them keep their history). */
export async function removePerson(deps: Deps, actor: OrgActor, id: number, requestId?: string): Promise<Person> {
  authorize(actor, 'write');
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await findPerson(trx, actor.scope, id);
    if (!before) throw new AppError('ORG_PERSON_NOT_FOUND');
    await lockPerson(trx, id);
    await updatePerson(trx, id, { active: false }, now);
    const after = toPerson((await findPerson(trx, { kind: 'all' }, id))!);
    await appendAudit(trx, {
      actor: auditActor(actor),
      action: 'person.delete',
      objectType: 'person',
      objectId: id,
      before: toPerson(before),
      after,
      requestId: requestId ?? null,
      at: now,
    });
    return after;
  });
}

/**
 * Reveal one personal field of a person in the actor's scope to an actor holding people:reveal; every reveal is
 * written to the audit log (field and reason, never the value) in the same transaction that reads it.
 */
export async function revealPersonField(
  deps: Deps,
  actor: OrgActor,
  id: number,
  request: RevealRequest,
  requestId?: string,
): Promise<{ value: string }> {
  authorize(actor, 'reveal');
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const secret = await findPersonSecret(trx, actor.scope, id, request.field);
    if (!secret) throw new AppError('ORG_PERSON_NOT_FOUND');
    if (!secret.token) throw new AppError('ORG_PERSON_FIELD_EMPTY', { field: request.field });
    const value = deps.cipher.decrypt(secret.token, CONTEXT[request.field]);
    await appendAudit(trx, {
      actor: auditActor(actor),
      action: 'person.reveal',
      objectType: 'person',
      objectId: id,
      detail: { field: request.field, reason: request.reason ?? null },
      requestId: requestId ?? null,
      at: now,
    });
    return { value };
  });
}
