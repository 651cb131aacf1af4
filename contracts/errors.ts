/**
 * The closed table of error codes. Every code maps to one HTTP status and a message in
 * Simplified Chinese and English; the web client translates by code. A code that is not
 * in this table does not compile (`ErrorCode`).
 */
export interface ErrorSpec {
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 423 | 429 | 500 | 503 | 507;
  readonly zh: string;
  readonly en: string;
}

const defineErrors = <T extends Record<string, ErrorSpec>>(t: T) => t;

export const PLATFORM_ERRORS = defineErrors({
  VALIDATION_FAILED: { status: 400, zh: '输入有误，请检查标出的字段', en: 'Some fields are invalid' },
  NOT_FOUND: { status: 404, zh: '找不到该记录', en: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '没有这个接口', en: 'No such endpoint' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '提交的内容太大', en: 'The payload is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  RATE_LIMITED: { status: 429, zh: '操作太频繁，请稍后再试', en: 'Too many requests, try again later' },
  INTERNAL: { status: 500, zh: '服务器内部错误，请稍后再试', en: 'Internal server error' },
  DATABASE_UNAVAILABLE: { status: 503, zh: '数据库暂时不可用，请稍后再试', en: 'The database is unavailable' },
  CONFLICT: { status: 409, zh: '记录已被他人修改或已存在', en: 'The record was changed or already exists' },
  IMPORT_REJECTED: {
    status: 422,
    zh: '导入文件有错误，未导入任何数据',
    en: 'The file has errors; nothing was imported',
  },
  IMPORT_BAD_FILE: {
    status: 400,
    zh: '无法读取导入文件（须为 CSV 或 XLSX）',
    en: 'Cannot read the file (CSV or XLSX expected)',
  },
});

export const AUTH_ERRORS = defineErrors({
  AUTH_REQUIRED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  AUTH_SESSION_EXPIRED: {
    status: 401,
    zh: '登录已过期，请重新登录',
    en: 'Your session has expired; please sign in again',
  },
  AUTH_INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  AUTH_ACCOUNT_LOCKED: { status: 423, zh: '账号已锁定，请稍后再试', en: 'The account is locked; try again later' },
  AUTH_ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'The account is disabled' },
  AUTH_TOTP_REQUIRED: { status: 401, zh: '请输入动态验证码', en: 'Enter the one-time code' },
  AUTH_TOTP_INVALID: { status: 401, zh: '动态验证码错误', en: 'Wrong one-time code' },
  AUTH_TOTP_ENROLMENT_REQUIRED: {
    status: 403,
    zh: '管理员必须先绑定动态验证码',
    en: 'Administrators must enrol a one-time code first',
  },
  AUTH_PASSWORD_CHANGE_REQUIRED: { status: 403, zh: '请先修改密码', en: 'You must change your password first' },
  AUTH_PASSWORD_WEAK: { status: 400, zh: '密码不符合安全要求', en: 'The password does not meet the policy' },
  AUTH_CSRF: { status: 403, zh: '请求校验失败，请刷新页面后重试', en: 'Request verification failed; reload the page' },
  AUTH_FORBIDDEN: { status: 403, zh: '您没有执行此操作的权限', en: 'You are not allowed to do this' },
  AUTH_ADMIN_SEPARATION: {
    status: 400,
    zh: '系统、安全、审计管理员角色不能由同一账号兼任（三员分立）',
    en: 'System, security and audit administrator roles cannot be combined in one account',
  },
  AUTH_OUT_OF_SCOPE: { status: 403, zh: '超出您的数据范围', en: 'Outside your data scope' },
  AUTH_CURRENT_PASSWORD_WRONG: { status: 400, zh: '当前密码错误', en: 'The current password is wrong' },
  AUTH_TOTP_CODE_WRONG: {
    status: 400,
    zh: '动态验证码错误或已使用，请输入新的验证码',
    en: 'The one-time code is wrong or already used',
  },
  AUTH_TOTP_ALREADY_ENABLED: {
    status: 409,
    zh: '已启用动态验证码；如需更换请先关闭或请安全管理员重置',
    en: 'A one-time code is already enabled; disable it or ask the security administrator to reset it first',
  },
  AUTH_TOTP_NOT_ENROLLED: { status: 409, zh: '请先生成动态验证码密钥', en: 'Start the one-time code enrolment first' },
  AUTH_TOTP_ADMIN_REQUIRED: {
    status: 403,
    zh: '管理员必须使用动态验证码，不能关闭',
    en: 'Administrators must keep the one-time code enabled',
  },
  AUTH_SELF_CHANGE_REFUSED: {
    status: 403,
    zh: '不能修改自己的角色、数据范围、停用状态或重置自己的密码',
    en: 'You cannot change your own roles, scope or status, or reset your own password here',
  },
  AUTH_ACCOUNT_NOT_FOUND: { status: 404, zh: '找不到该账号', en: 'Account not found' },
  AUTH_USERNAME_TAKEN: { status: 409, zh: '用户名已被使用', en: 'The username is taken' },
});

export const AUDIT_ERRORS = defineErrors({
  AUDIT_IMMUTABLE: { status: 409, zh: '审计日志不可修改或删除', en: 'The audit log cannot be changed or deleted' },
});

export const ORG_ERRORS = defineErrors({
  ORG_DIVISION_NOT_FOUND: { status: 404, zh: '找不到该行政区划', en: 'Division not found' },
  ORG_DIVISION_EXISTS: { status: 409, zh: '该行政区划代码已存在', en: 'A division with this code already exists' },
  ORG_DIVISION_PARENT_INVALID: {
    status: 400,
    zh: '上级区划不存在或层级不符',
    en: 'The parent division is missing or at the wrong level',
  },
  ORG_DIVISION_HAS_CHILDREN: {
    status: 409,
    zh: '该区划下还有下级区划或单位，不能删除',
    en: 'The division still has children or units',
  },
  ORG_UNIT_NOT_FOUND: { status: 404, zh: '找不到该单位', en: 'Unit not found' },
  ORG_UNIT_PARENT_INVALID: {
    status: 400,
    zh: '上级单位无效（不存在或形成循环）',
    en: 'The parent unit is missing or would form a cycle',
  },
  ORG_UNIT_HAS_CHILDREN: {
    status: 409,
    zh: '该单位下还有下级单位、人员或账号，不能删除',
    en: 'The unit still has sub-units, people or accounts',
  },
  ORG_CATEGORY_NOT_FOUND: { status: 400, zh: '诉求分类不存在', en: 'Unknown request category' },
  ORG_CATEGORY_EXISTS: { status: 409, zh: '该分类代码已存在', en: 'A category with this code already exists' },
  ORG_CATEGORY_IN_USE: {
    status: 409,
    zh: '该分类已被诉求、时限规则或职责清单使用，或还有下级分类，不能删除，请改为停用',
    en: 'The category is used by requests, time-limit rules or unit catalogues, or has children: deactivate it instead',
  },
  ORG_PERSON_NOT_FOUND: { status: 404, zh: '找不到该人员', en: 'Person not found' },
  ORG_USER_NOT_FOUND: { status: 404, zh: '找不到该账号', en: 'Account not found' },
  ORG_USERNAME_TAKEN: { status: 409, zh: '用户名已被使用', en: 'The username is taken' },
  ORG_DIVISION_CODE_INVALID: {
    status: 400,
    zh: '区划代码与层级或上级区划不符',
    en: 'The division code does not fit its level or parent',
  },
  ORG_UNIT_NAME_TAKEN: {
    status: 409,
    zh: '同一上级单位下已有同名单位',
    en: 'A unit with this name already exists under the same parent',
  },
  ORG_PERSON_ID_NUMBER_TAKEN: {
    status: 409,
    zh: '该身份证号已登记在其他人员名下',
    en: 'This ID number is already registered for another person',
  },
  ORG_PERSON_FIELD_EMPTY: { status: 404, zh: '该人员未登记此项信息', en: 'This person has no value for that field' },
});

export const CALENDAR_ERRORS = defineErrors({
  CALENDAR_DATE_INVALID: { status: 400, zh: '日期无效', en: 'Invalid date' },
});

/** Requests (接诉即办): one code per rule of the requests domain (its RequestDomainError types), plus lookups. */
export const REQUEST_ERRORS = defineErrors({
  REQUEST_NOT_FOUND: { status: 404, zh: '找不到该诉求', en: 'Request not found' },
  REQUEST_NUMBERS_EXHAUSTED: {
    status: 503,
    zh: '今日诉求编号（每天 99999 个）已用完，诉求未登记，请联系管理员',
    en: "Today's request numbers (99,999 a day) are used up; the request was not recorded — contact the administrator",
  },
  REQUEST_CONTACT_EMPTY: {
    status: 404,
    zh: '该诉求未登记此项联系信息（匿名或未留）',
    en: 'This request holds no such contact detail (anonymous or not given)',
  },
  REQUEST_RATING_LINK_INVALID: {
    status: 404,
    zh: '评价链接无效、已使用或已过期',
    en: 'This rating link is unknown, already used or expired',
  },
  REQUEST_UNIT_UNKNOWN: { status: 400, zh: '所选单位不存在', en: 'The chosen unit does not exist' },
  REQUEST_CATEGORY_UNKNOWN: { status: 400, zh: '诉求分类不存在', en: 'Unknown request category' },
  REQUEST_DIVISION_UNKNOWN: { status: 400, zh: '诉求发生地（行政区划）不存在', en: 'Unknown division for the place' },
  REQUEST_NOT_CLASSIFIED: {
    status: 409,
    zh: '诉求尚未分类，无法给出派单建议',
    en: 'The request is not classified yet; no dispatch proposal',
  },
  REQUEST_INVALID_TRANSITION: {
    status: 409,
    zh: '诉求当前状态下不能执行此操作',
    en: 'This action is not allowed in the request’s current state',
  },
  REQUEST_INVALID_INPUT: { status: 400, zh: '输入有误，请检查标出的字段', en: 'Some fields are invalid' },
  REQUEST_NOT_ASSIGNED_UNIT: {
    status: 403,
    zh: '该诉求不是派给您所在单位的',
    en: 'The request is not assigned to your unit',
  },
  REQUEST_RETURN_LIMIT_REACHED: {
    status: 409,
    zh: '本单位退回该诉求的次数已达上限',
    en: 'Your unit has returned this request the maximum number of times',
  },
  REQUEST_RETURN_WINDOW_CLOSED: { status: 409, zh: '已超过退单时限', en: 'The return window has closed' },
  REQUEST_RETURN_FINALLY_RULED: {
    status: 409,
    zh: '退单已终审由本单位办理，不能再退回',
    en: 'A final ruling made your unit keep this request; it cannot be returned again',
  },
  REQUEST_REDISPATCH_TO_RETURNING_UNIT: {
    status: 400,
    zh: '不能改派给退单单位；如需其继续办理请选择“维持原派”',
    en: 'Cannot re-dispatch to the returning unit; rule that it keeps the request instead',
  },
  REQUEST_TEXT_TOO_SHORT: { status: 400, zh: '说明文字太短', en: 'The explanation is too short' },
  REQUEST_DIRECT_ANSWER_ONLY_CONSULTATION: {
    status: 409,
    zh: '只有咨询类诉求可以直接办结',
    en: 'Only consultations can be answered directly',
  },
  REQUEST_REPLY_REJECTED: {
    status: 422,
    zh: '答复未通过检查，请修改后重新提交',
    en: 'The reply did not pass the check; rewrite it',
  },
  REQUEST_NO_REPLY: {
    status: 409,
    zh: '诉求尚未答复，不能办结（事事有回音）',
    en: 'The request has not been replied to yet',
  },
  REQUEST_EXTENSION_PENDING: { status: 409, zh: '已有待审批的延期申请', en: 'An extension request is pending' },
  REQUEST_NO_PENDING_EXTENSION: { status: 409, zh: '没有待审批的延期申请', en: 'No extension request is pending' },
  REQUEST_EXTENSION_LIMIT_REACHED: {
    status: 409,
    zh: '本轮办理的延期次数已达上限',
    en: 'No more extensions can be granted in this handling round',
  },
  REQUEST_DEADLINE_PASSED: {
    status: 409,
    zh: '已超过办理时限，不能再申请延期',
    en: 'The deadline has passed; an extension can no longer be requested',
  },
  REQUEST_ALREADY_ESCALATED: { status: 409, zh: '该级别的督促已发出', en: 'This escalation level was already issued' },
  REQUEST_APPEAL_ALREADY_FILED: {
    status: 409,
    zh: '本单位已就该诉求提出过申诉',
    en: 'Your unit has already appealed this request',
  },
  REQUEST_NO_PENDING_APPEAL: { status: 409, zh: '该单位没有待审核的申诉', en: 'That unit has no pending appeal' },
  REQUEST_NOT_TOWNSHIP_OF_PLACE: {
    status: 403,
    zh: '只有诉求发生地的乡镇（街道）可以吹哨',
    en: 'Only the township of the place can blow the whistle',
  },
  REQUEST_WHISTLE_ALREADY_BLOWN: { status: 409, zh: '该诉求已吹哨', en: 'The whistle has already been blown' },
  REQUEST_NO_WHISTLE: { status: 409, zh: '该诉求没有吹哨', en: 'No whistle was blown for this request' },
  REQUEST_WHISTLE_ALREADY_REPORTED: { status: 409, zh: '本部门已报到', en: 'Your department has already reported in' },
  REQUEST_WHISTLE_ALREADY_RATED: {
    status: 409,
    zh: '已评价该部门的报到情况',
    en: 'That department has already been rated',
  },
  REQUEST_WHISTLE_REPORT_PENDING: {
    status: 409,
    zh: '该部门的报到时限未到，暂不能评价',
    en: 'The department’s report limit has not passed yet',
  },
  REQUEST_UNIT_OUT_OF_SCOPE: {
    status: 400,
    zh: '所选单位不在您的管辖范围内',
    en: 'The chosen unit is outside your scope',
  },
  REQUEST_MERGE_SELF: { status: 400, zh: '不能将诉求合并到其自身', en: 'A request cannot be merged into itself' },
  REQUEST_MERGE_ORIGINAL_UNKNOWN: {
    status: 400,
    zh: '原诉求不存在或不在您的管辖范围内',
    en: 'The original request does not exist or is outside your scope',
  },
  REQUEST_MERGE_ORIGINAL_MERGED: {
    status: 409,
    zh: '原诉求本身已合并到其他诉求，请合并到最终的原诉求',
    en: 'The original was itself merged into another request; merge into that one instead',
  },
  REQUEST_MERGE_HAS_DUPLICATES: {
    status: 409,
    zh: '该诉求已有合并进来的重复件，不能再合并到其他诉求',
    en: 'Other requests were merged into this one; it cannot be merged itself',
  },
  REQUEST_COUNTY_UNKNOWN: { status: 400, zh: '该县（区）不存在', en: 'Unknown county' },
  REQUEST_TIME_LIMIT_RULE_NOT_FOUND: { status: 404, zh: '找不到该时限规则', en: 'Time-limit rule not found' },
  REQUEST_TIME_LIMIT_RULE_EXISTS: {
    status: 409,
    zh: '已有相同分类、类型和紧急程度的时限规则',
    en: 'A rule for the same category, type and urgency already exists',
  },
  REQUEST_SETTINGS_STALE: {
    status: 409,
    zh: '办理规则已被他人修改，请刷新后再保存',
    en: 'The settings were changed by someone else; reload before saving',
  },
});

/** Attachments (附件): uploads and their use on requests. */
export const FILE_ERRORS = defineErrors({
  ATTACHMENT_EMPTY: { status: 400, zh: '请选择一个非空的文件', en: 'Choose a file that is not empty' },
  ATTACHMENT_TOO_LARGE: { status: 413, zh: '文件超过允许的大小', en: 'The file is larger than allowed' },
  ATTACHMENT_UNSUPPORTED_TYPE: {
    status: 415,
    zh: '只能上传图片（JPEG、PNG、WebP、GIF）或 PDF 文件',
    en: 'Only images (JPEG, PNG, WebP, GIF) and PDF files can be uploaded',
  },
  ATTACHMENT_INVALID: {
    status: 400,
    zh: '附件不存在、不是您上传的，或已用于其他诉求',
    en: 'The attachment does not exist, was not uploaded by you, or belongs to another request',
  },
  ATTACHMENT_NOT_FOUND: { status: 404, zh: '找不到该附件', en: 'Attachment not found' },
  STORAGE_FULL: {
    status: 507,
    zh: '服务器存储空间已满，文件未保存，请联系管理员',
    en: 'The server’s storage is full; the file was not saved — contact the administrator',
  },
  STORAGE_UNAVAILABLE: {
    status: 503,
    zh: '服务器暂时无法写入文件，文件未保存，请稍后再试',
    en: 'The server cannot write files right now; the file was not saved — try again later',
  },
});

/** Published rankings (reports module): frozen versions of a month's ranking. */
export const REPORT_ERRORS = defineErrors({
  REPORTS_RANKING_NOT_FOUND: { status: 404, zh: '找不到该发布的排名', en: 'Published ranking not found' },
  REPORTS_MONTH_NOT_ENDED: {
    status: 409,
    zh: '该月份尚未结束，只能发布已结束月份的排名',
    en: 'The month has not ended yet; only finished months can be published',
  },
  REPORTS_RANKING_UNCHANGED: {
    status: 409,
    zh: '排名与最新发布的版本相同，无需发布新版本',
    en: 'The ranking is the same as the latest published version; no new version is needed',
  },
  REPORTS_RANKING_EMPTY: {
    status: 409,
    zh: '该月份该类单位没有任何诉求数据，无可发布的排名',
    en: 'No unit of this class has requests in that month; there is nothing to publish',
  },
});

/** Mass liaison (联系群众): households, pairings, visits, commitments, call-backs. */
export const LIAISON_ERRORS = defineErrors({
  LIAISON_HOUSEHOLD_NOT_FOUND: { status: 404, zh: '找不到该农户（居民户）', en: 'Household not found' },
  LIAISON_PAIRING_NOT_FOUND: { status: 404, zh: '找不到该结对关系', en: 'Pairing not found' },
  LIAISON_CADRE_NOT_FOUND: { status: 404, zh: '找不到该干部', en: 'Cadre not found' },
  LIAISON_NOT_A_CADRE: {
    status: 403,
    zh: '您的账号未关联干部信息，不能记录走访',
    en: 'Your account is not linked to a cadre, so it cannot record visits',
  },
  LIAISON_QUOTA_EXCEEDED: {
    status: 409,
    zh: '该干部的结对户数已达到其职级的定额',
    en: "The cadre already has as many paired households as the rank's quota allows",
  },
  LIAISON_ALREADY_PAIRED: {
    status: 409,
    zh: '该干部已与该户结对',
    en: 'The cadre is already paired with this household',
  },
  LIAISON_PAIRING_ENDED: { status: 409, zh: '该结对关系已结束', en: 'The pairing has already ended' },
  LIAISON_NOT_PAIRED: {
    status: 409,
    zh: '您未与该户结对，不能记录走访',
    en: 'You are not paired with this household, so you cannot record a visit to it',
  },
  LIAISON_COMMITMENT_NOT_FOUND: { status: 404, zh: '找不到该承诺', en: 'Commitment not found' },
  LIAISON_COMMITMENT_FULFILLED: { status: 409, zh: '该承诺已兑现', en: 'The commitment is already fulfilled' },
  LIAISON_COMMITMENT_NOT_FULFILLED: {
    status: 409,
    zh: '该承诺尚未兑现，兑现后才能评价',
    en: 'A commitment can be rated once it is fulfilled',
  },
  LIAISON_CALLBACK_NOT_FOUND: { status: 404, zh: '找不到该回访记录', en: 'Call-back not found' },
  LIAISON_NO_VISITS_TO_CALL: {
    status: 409,
    zh: '该时段内没有可回访的走访记录',
    en: 'There are no visits in that period to call back',
  },
});

/** The public portal: submissions, anonymous misconduct reports (举报). */
export const PORTAL_ERRORS = defineErrors({
  PORTAL_SUBMISSION_REFUSED: {
    status: 400,
    zh: '提交未被接受，请刷新页面后重试',
    en: 'The submission was not accepted; reload the page and try again',
  },
  MISCONDUCT_NOT_FOUND: { status: 404, zh: '找不到该举报，请核对回执', en: 'Report not found; check the receipt' },
  MISCONDUCT_CLOSED: { status: 409, zh: '该举报已办结，不能再补充', en: 'The report is closed and cannot be added to' },
});

export const ERRORS = {
  ...PLATFORM_ERRORS,
  ...AUTH_ERRORS,
  ...AUDIT_ERRORS,
  ...ORG_ERRORS,
  ...CALENDAR_ERRORS,
  ...REQUEST_ERRORS,
  ...FILE_ERRORS,
  ...REPORT_ERRORS,
  ...PORTAL_ERRORS,
  ...LIAISON_ERRORS,
} as const;
export type ErrorCode = keyof typeof ERRORS;

/** The JSON envelope of every error response. */
export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details?: unknown };
  requestId: string;
}

/** One validation problem: the field path, and the message in both languages. */
export interface FieldIssue {
  path: (string | number)[];
  field: string;
  message: string;
  messageZh: string;
  messageEn: string;
}
