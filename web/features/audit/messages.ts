import { defineMessages } from '../../lib/i18n';

export const auditMessages = defineMessages({
  title: { zh: '审计日志', en: 'Audit log' },
  help: {
    zh: '所有重要操作都记录在此，记录首尾相连形成哈希链，不能修改或删除。',
    en: 'Every significant action is recorded here in a hash chain; entries cannot be changed or deleted.',
  },
  at: { zh: '时间', en: 'Time' },
  actor: { zh: '操作人', en: 'Actor' },
  action: { zh: '操作', en: 'Action' },
  actionHelp: { zh: '如 auth.login 或 org.*', en: 'E.g. auth.login or org.*' },
  objectType: { zh: '对象类型', en: 'Object type' },
  objectId: { zh: '对象编号', en: 'Object ID' },
  period: { zh: '时间范围', en: 'Period' },
  field: { zh: '字段', en: 'Field' },
  before: { zh: '修改前', en: 'Before' },
  after: { zh: '修改后', en: 'After' },
  changes: { zh: '变更内容', en: 'Changes' },
  noChanges: { zh: '没有字段变更', en: 'No field changes' },
  detail: { zh: '附加信息', en: 'Details' },
  requestId: { zh: '请求编号', en: 'Request ID' },
  hash: { zh: '哈希', en: 'Hash' },
  verify: { zh: '校验哈希链', en: 'Verify chain' },
  verifyOk: { zh: '校验通过：{checked} 条记录完整无篡改', en: 'Verified: {checked} entries, none altered' },
  verifyBroken: {
    zh: '校验失败：第 {id} 条记录异常（{reason}），已检查 {checked} 条',
    en: 'Verification failed at entry {id} ({reason}); {checked} entries checked',
  },
  hash_mismatch: { zh: '内容与哈希不符', en: 'content does not match its hash' },
  link_mismatch: { zh: '与上一条记录的链接断开', en: 'link to the previous entry broken' },
  missing_entry: { zh: '记录缺失', en: 'an entry is missing' },
});
