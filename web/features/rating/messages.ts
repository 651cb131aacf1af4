import { defineMessages } from '../../lib/i18n';

export const ratingMessages = defineMessages({
  title: { zh: '诉求办理评价', en: 'Rate how your request was handled' },
  number: { zh: '诉求编号', en: 'Request number' },
  receivedAt: { zh: '受理时间', en: 'Received' },
  category: { zh: '诉求分类', en: 'Category' },
  reply: { zh: '答复内容', en: 'The reply' },
  repliedBy: { zh: '答复单位', en: 'Replied by' },
  resolved: { zh: '您反映的问题解决了吗？', en: 'Was your problem solved?' },
  yes: { zh: '已解决', en: 'Yes' },
  no: { zh: '未解决', en: 'No' },
  satisfaction: { zh: '您对办理结果满意吗？', en: 'How satisfied are you?' },
  comment: { zh: '意见或建议（选填）', en: 'Comments (optional)' },
  commentPlaceholder: { zh: '请告诉我们还可以怎样做得更好', en: 'Tell us what could be better' },
  submit: { zh: '提交评价', en: 'Submit' },
  chooseBoth: { zh: '请选择是否解决和满意程度', en: 'Please answer both questions' },
  thanks: { zh: '感谢您的评价！', en: 'Thank you for your rating!' },
  thanksReopened: {
    zh: '我们已将您的诉求退回承办单位重新办理，办理后会再次答复您。',
    en: 'Your request has been sent back to the unit to be handled again; you will get a new reply.',
  },
  thanksDone: {
    zh: '您的评价已记录，将用于考核承办单位。',
    en: 'Your rating is recorded and counts in the unit’s assessment.',
  },
  used: { zh: '该链接已评价过，感谢您的参与。', en: 'This link has already been used. Thank you.' },
  expired: {
    zh: '该评价链接已过期。如需反映问题，请拨打热线。',
    en: 'This link has expired. Please call the hotline.',
  },
  superseded: {
    zh: '该诉求的状态已更新，此链接不能再评价。',
    en: 'The request has moved on; this link can no longer be used.',
  },
  invalid: { zh: '评价链接无效。请核对短信中的链接。', en: 'This link is not valid. Please check the text message.' },
});
