// The rules of what a citizen may submit through the portal, with one clear message per field in both languages.
// Pure: the service passes in the form's fields and what it learned about the files (count, sizes, sniffed types).
import {
  PORTAL_BODY_MAX,
  PORTAL_BODY_MIN,
  PORTAL_MAX_FILES,
  PORTAL_REQUEST_TYPES,
  type PortalSubmitFields,
} from '../../../../contracts/portal.js';

export interface FieldProblem {
  field: string;
  zh: string;
  en: string;
}

export type PortalRequestType = (typeof PORTAL_REQUEST_TYPES)[number];

/** A submission that passed every rule, normalised for the requests module's intake. */
export interface CheckedSubmission {
  type: PortalRequestType;
  categoryCode: string | null;
  divisionCode: string;
  address: string | null;
  body: string;
  name: string | null;
  phone: string | null;
  cadrePersonId: number | null;
  idempotencyKey: string | null;
}

export interface SubmittedFile {
  size: number;
  /** The type sniffed from the content, or null when it is neither an image nor a PDF. */
  mime: string | null;
}

const PHONE = /^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/;
const blank = (v: string | undefined) => (v ?? '').trim();

/**
 * Checks a portal submission: a known type, a 12-digit place, a description of 5 to 2000 characters, consent given,
 * a mainland mobile or landline number when a phone is given, at most 5 files each an image or a PDF within
 * `maxFileBytes`. The honeypot is checked by the caller before anything else (a bot gets no field hints).
 */
export function checkSubmission(
  fields: PortalSubmitFields,
  files: readonly SubmittedFile[],
  maxFileBytes: number,
): { ok: true; value: CheckedSubmission } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const type = blank(fields.type);
  if (!(PORTAL_REQUEST_TYPES as readonly string[]).includes(type)) {
    problems.push({ field: 'type', zh: '请选择诉求类型', en: 'Choose the kind of request' });
  }
  const divisionCode = blank(fields.divisionCode);
  if (!/^\d{12}$/.test(divisionCode)) {
    problems.push({ field: 'divisionCode', zh: '请选择问题所在的村（社区）', en: 'Choose the village or community' });
  }
  const body = blank(fields.body);
  if (body.length < PORTAL_BODY_MIN) {
    problems.push({
      field: 'body',
      zh: `请描述您反映的问题（至少 ${PORTAL_BODY_MIN} 个字）`,
      en: `Describe the problem (at least ${PORTAL_BODY_MIN} characters)`,
    });
  } else if (body.length > PORTAL_BODY_MAX) {
    problems.push({
      field: 'body',
      zh: `问题描述不能超过 ${PORTAL_BODY_MAX} 个字`,
      en: `The description is limited to ${PORTAL_BODY_MAX} characters`,
    });
  }
  const address = blank(fields.address);
  if (address.length > 300)
    problems.push({ field: 'address', zh: '详细地址不能超过 300 个字', en: 'Address too long' });
  const name = blank(fields.name);
  if (name.length > 50) problems.push({ field: 'name', zh: '姓名不能超过 50 个字', en: 'Name too long' });
  const phone = blank(fields.phone).replace(/\s/g, '');
  if (phone && !PHONE.test(phone)) {
    problems.push({
      field: 'phone',
      zh: '请填写正确的手机号或固定电话（如 13812345678）',
      en: 'Enter a valid mobile or landline number (e.g. 13812345678)',
    });
  }
  if (!['true', 'on', '1'].includes(blank(fields.consent))) {
    problems.push({
      field: 'consent',
      zh: '请阅读并同意个人信息使用说明',
      en: 'Please read and accept how your information is used',
    });
  }
  const categoryCode = blank(fields.categoryCode);
  if (categoryCode.length > 40) problems.push({ field: 'categoryCode', zh: '诉求分类无效', en: 'Invalid category' });
  const cadre = blank(fields.cadre);
  if (cadre && !/^[1-9]\d{0,9}$/.test(cadre)) {
    problems.push({ field: 'cadre', zh: '联系卡上的干部编号无效', en: 'The contact card’s cadre number is invalid' });
  }
  const key = blank(fields.idempotencyKey);
  if (key.length > 200) problems.push({ field: 'idempotencyKey', zh: '提交标识无效', en: 'Invalid submission key' });
  problems.push(...checkFiles(files, maxFileBytes));
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      type: type as PortalRequestType,
      categoryCode: categoryCode || null,
      divisionCode,
      address: address || null,
      body,
      name: name || null,
      phone: phone || null,
      cadrePersonId: cadre ? Number(cadre) : null,
      idempotencyKey: key || null,
    },
  };
}

/** At most 5 files, each non-empty, within the size limit, and an image (JPEG, PNG, WebP, GIF) or a PDF. */
export function checkFiles(files: readonly SubmittedFile[], maxFileBytes: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (files.length > PORTAL_MAX_FILES) {
    problems.push({
      field: 'files',
      zh: `最多上传 ${PORTAL_MAX_FILES} 个文件`,
      en: `At most ${PORTAL_MAX_FILES} files`,
    });
  }
  const mb = Math.round((maxFileBytes / 1024 / 1024) * 10) / 10;
  files.forEach((f, i) => {
    const n = i + 1;
    if (f.size === 0) problems.push({ field: 'files', zh: `第 ${n} 个文件是空的`, en: `File ${n} is empty` });
    else if (f.size > maxFileBytes) {
      problems.push({ field: 'files', zh: `第 ${n} 个文件超过 ${mb} MB`, en: `File ${n} is larger than ${mb} MB` });
    } else if (!f.mime) {
      problems.push({
        field: 'files',
        zh: `第 ${n} 个文件不是图片（JPEG、PNG、WebP、GIF）或 PDF`,
        en: `File ${n} is not an image (JPEG, PNG, WebP, GIF) or a PDF`,
      });
    }
  });
  return problems;
}

/** Whether the honeypot field (hidden from people) was filled in: then the submission came from a robot. */
export function isHoneypotFilled(fields: Pick<PortalSubmitFields, 'website'>): boolean {
  return blank(fields.website).length > 0;
}
