import { defineMessages } from '../../lib/i18n';

/** The global search's texts (header box and the /search page). */
export const searchMessages = defineMessages({
  title: { zh: '全局搜索', en: 'Search' },
  placeholder: { zh: '搜索工单、民情户、人员（支持拼音）', en: 'Search requests, households, people (pinyin too)' },
  boxLabel: { zh: '全局搜索', en: 'Search everything' },
  help: {
    zh: '按原文片段查找：工单的标题、内容、地址和答复，民情户的户主、地址和村社，人员的姓名、拼音、首字母和单位。繁体、全角输入同样可以查到；多个词用空格分开，须同时出现。',
    en: 'Finds pieces of the stored text: a request’s title, text, address and reply; a household’s head, address and village; a person’s name, pinyin, initials and unit. Traditional or full-width input finds the same; several words separated by spaces must all occur.',
  },
  all: { zh: '全部', en: 'All' },
  requests: { zh: '工单', en: 'Requests' },
  households: { zh: '民情户', en: 'Households' },
  people: { zh: '人员', en: 'People' },
  sort: { zh: '排序', en: 'Sort' },
  sortDefault: { zh: '默认排序', en: 'Default order' },
  relevance: { zh: '相关度', en: 'Relevance' },
  newest: { zh: '最新', en: 'Newest' },
  division: { zh: '区域', en: 'Place' },
  state: { zh: '状态', en: 'State' },
  received: { zh: '受理时间', en: 'Received' },
  more: { zh: '查看全部 {total} 条', en: 'See all {total}' },
  count: { zh: '{total} 条', en: '{total}' },
  none: { zh: '没有找到匹配的内容', en: 'Nothing matches' },
  typeToSearch: { zh: '输入关键词开始搜索', en: 'Type something to search' },
  recentOnly: {
    zh: '一两个字的搜索只查找最近 10000 件工单；多输入几个字可以查找全部工单。',
    en: 'One- or two-character searches look through the newest 10,000 requests only; type more to search them all.',
  },
  relevanceWindow: {
    zh: '按相关度排序时，只在最新的 100 条匹配工单中排序。',
    en: 'By relevance, the newest 100 matching requests are ranked.',
  },
  capped: {
    zh: '超过 100 条，只计数到 100：请加上更多关键词或筛选条件。',
    en: 'Over 100 (counting stops there): add words or filters.',
  },
  fieldTitle: { zh: '标题', en: 'Title' },
  fieldBody: { zh: '内容', en: 'Text' },
  fieldAddress: { zh: '地址', en: 'Address' },
  fieldReply: { zh: '答复', en: 'Reply' },
  fieldNumber: { zh: '编号', en: 'Number' },
  fieldName: { zh: '姓名', en: 'Name' },
  fieldPinyin: { zh: '拼音', en: 'Pinyin' },
  fieldUnit: { zh: '单位', en: 'Unit' },
  fieldVillage: { zh: '村社', en: 'Village' },
});
