import { defineMessages } from '../../lib/i18n';

export const categoryMessages = defineMessages({
  menu: { zh: '诉求分类', en: 'Request categories' },
  title: { zh: '诉求分类', en: 'Request categories' },
  help: {
    zh: '三级分类，所有县（区）共用。停用的分类不再供新诉求选择，已有诉求保留原分类名称；被诉求或职责清单使用的分类只能停用，不能删除。',
    en: 'Three levels, shared by every county. Deactivated categories are not offered for new requests; existing requests keep their category name. A category used by requests or unit catalogues can be deactivated but not deleted.',
  },
  addRoot: { zh: '新增一级分类', en: 'Add top-level area' },
  addChild: { zh: '新增下级', en: 'Add child' },
  rename: { zh: '改名', en: 'Rename' },
  deactivate: { zh: '停用', en: 'Deactivate' },
  activate: { zh: '启用', en: 'Reactivate' },
  inactive: { zh: '已停用', en: 'Deactivated' },
  moveUp: { zh: '上移', en: 'Move up' },
  moveDown: { zh: '下移', en: 'Move down' },
  showInactive: { zh: '显示已停用', en: 'Show deactivated' },
  categoryName: { zh: '分类名称', en: 'Name' },
  categoryCode: { zh: '分类代码', en: 'Code' },
  codeHelp: { zh: '留空则自动生成（上级代码 + 两位序号）', en: 'Leave empty to generate (parent code + two digits)' },
  parent: { zh: '上级分类：{name}', en: 'Under: {name}' },
  confirmDeactivate: {
    zh: '停用“{name}”及其全部下级分类？已有诉求不受影响。',
    en: 'Deactivate “{name}” and all its children? Existing requests are not affected.',
  },
  search: { zh: '按名称或代码查找', en: 'Find by name or code' },
});
