/**
 * Fixed material for the demo county (示范县): the request-category taxonomy, the county's
 * departments with their responsibility catalogues, its townships, and the word lists that
 * names are drawn from. Everything here is fictional; the province code 99 does not exist.
 */

export { CATEGORY_TREE, type CategoryNode } from '../modules/org/index.js';

/** A word list written as one space-separated string (kept compact for the formatter). */
const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/** Kinds of county unit in the demo. */
export type DemoUnitKind = 'department' | 'enterprise';

export interface DemoDepartment {
  readonly name: string;
  readonly shortName: string;
  readonly kind: DemoUnitKind;
  /** Category codes (any level) whose leaves the unit owns; an empty catalogue is not allowed. */
  readonly owns: readonly string[];
  /** Relative staff size (ordinary cadres). */
  readonly size: number;
  /** Marks the 12345 hotline office: the dispatch centre. */
  readonly hotline?: true;
}

/** The county's departments, party organs and public utilities with their responsibility catalogues (职责清单). */
export const DEPARTMENTS: readonly DemoDepartment[] = [
  {
    name: '县12345政务服务便民热线办公室',
    shortName: '12345热线办',
    kind: 'department',
    owns: ['Q.03'],
    size: 3,
    hotline: true,
  },
  { name: '县委办公室', shortName: '县委办', kind: 'department', owns: ['M.02'], size: 2 },
  { name: '县政府办公室', shortName: '县府办', kind: 'department', owns: ['Q.03.02'], size: 2 },
  { name: '县委组织部', shortName: '组织部', kind: 'department', owns: ['M.01'], size: 2 },
  { name: '县委宣传部', shortName: '宣传部', kind: 'department', owns: ['P.01'], size: 1 },
  { name: '县委督查室', shortName: '督查室', kind: 'department', owns: ['M.01', 'M.02'], size: 1 },
  { name: '县纪委监委', shortName: '纪委监委', kind: 'department', owns: ['M.03', 'M.01.04'], size: 3 },
  { name: '县信访局', shortName: '信访局', kind: 'department', owns: ['Q.02'], size: 1 },
  { name: '县发展和改革局', shortName: '发改局', kind: 'department', owns: ['G.03'], size: 2 },
  { name: '县教育局', shortName: '教育局', kind: 'department', owns: ['D'], size: 4 },
  { name: '县工业和信息化局', shortName: '工信局', kind: 'department', owns: ['I.05'], size: 1 },
  { name: '县公安局', shortName: '公安局', kind: 'department', owns: ['L.01', 'L.02'], size: 8 },
  { name: '县公安局交通警察大队', shortName: '交警大队', kind: 'department', owns: ['L.03', 'C.03.01'], size: 3 },
  { name: '县民政局', shortName: '民政局', kind: 'department', owns: ['K.01', 'K.02', 'K.03', 'K.04'], size: 2 },
  { name: '县司法局', shortName: '司法局', kind: 'department', owns: ['Q.04'], size: 2 },
  { name: '县财政局', shortName: '财政局', kind: 'department', owns: ['S.01', 'S.02'], size: 2 },
  { name: '县人力资源和社会保障局', shortName: '人社局', kind: 'department', owns: ['E'], size: 3 },
  { name: '县自然资源局', shortName: '自然资源局', kind: 'department', owns: ['N', 'B.05.01'], size: 3 },
  { name: '市生态环境局示范县分局', shortName: '生态环境分局', kind: 'department', owns: ['B'], size: 2 },
  {
    name: '县住房和城乡建设局',
    shortName: '住建局',
    kind: 'department',
    owns: ['A.01', 'A.03.04', 'A.04.01', 'H.02', 'H.03', 'H.04', 'I.04'],
    size: 3,
  },
  { name: '县城市管理局', shortName: '城管局', kind: 'department', owns: ['A.02', 'A.03', 'B.04.01'], size: 5 },
  {
    name: '县交通运输局',
    shortName: '交通局',
    kind: 'department',
    owns: ['C.01', 'C.02', 'C.03.02', 'C.04', 'A.04.03'],
    size: 3,
  },
  { name: '县水利局', shortName: '水利局', kind: 'department', owns: ['J.05'], size: 2 },
  {
    name: '县农业农村局',
    shortName: '农业农村局',
    kind: 'department',
    owns: ['J.01', 'J.02', 'J.03', 'A.04.02'],
    size: 3,
  },
  { name: '县林业局', shortName: '林业局', kind: 'department', owns: ['J.04', 'B.05.02'], size: 2 },
  { name: '县商务局', shortName: '商务局', kind: 'department', owns: ['G.02.02'], size: 1 },
  { name: '县文化广电和旅游体育局', shortName: '文旅体育局', kind: 'department', owns: ['P'], size: 2 },
  { name: '县卫生健康局', shortName: '卫健局', kind: 'department', owns: ['F.01', 'F.02', 'F.04'], size: 3 },
  { name: '县退役军人事务局', shortName: '退役军人局', kind: 'department', owns: ['R'], size: 1 },
  { name: '县应急管理局', shortName: '应急局', kind: 'department', owns: ['O.01', 'O.02.01', 'O.02.02'], size: 2 },
  { name: '县审计局', shortName: '审计局', kind: 'department', owns: ['S.01.01'], size: 1 },
  { name: '县市场监督管理局', shortName: '市场监管局', kind: 'department', owns: ['G'], size: 5 },
  { name: '县医疗保障局', shortName: '医保局', kind: 'department', owns: ['F.03', 'E.02.02'], size: 2 },
  { name: '县统计局', shortName: '统计局', kind: 'department', owns: ['Q.03.02'], size: 1 },
  { name: '县乡村振兴局', shortName: '乡村振兴局', kind: 'department', owns: ['J.03.02'], size: 1 },
  { name: '县行政审批服务局', shortName: '行政审批局', kind: 'department', owns: ['Q.01', 'G.04.01'], size: 2 },
  { name: '县住房公积金管理中心', shortName: '公积金中心', kind: 'department', owns: ['H.05'], size: 1 },
  { name: '县税务局', shortName: '税务局', kind: 'department', owns: ['S.03'], size: 3 },
  { name: '县消防救援大队', shortName: '消防大队', kind: 'department', owns: ['L.04'], size: 2 },
  { name: '县气象局', shortName: '气象局', kind: 'department', owns: ['O.02.03'], size: 1 },
  { name: '县总工会', shortName: '总工会', kind: 'department', owns: ['E.01'], size: 1 },
  { name: '县妇女联合会', shortName: '妇联', kind: 'department', owns: ['K.05'], size: 1 },
  { name: '县残疾人联合会', shortName: '残联', kind: 'department', owns: ['K.03.03'], size: 1 },
  { name: '国网示范县供电公司', shortName: '供电公司', kind: 'enterprise', owns: ['I.02'], size: 3 },
  { name: '示范县自来水有限公司', shortName: '自来水公司', kind: 'enterprise', owns: ['I.01'], size: 2 },
  { name: '示范县燃气有限公司', shortName: '燃气公司', kind: 'enterprise', owns: ['I.03'], size: 1 },
  { name: '示范县热力有限公司', shortName: '热力公司', kind: 'enterprise', owns: ['I.04'], size: 1 },
];

export interface DemoTownship {
  /** The 3-digit township part of the division code: 0xx streets, 1xx towns, 2xx townships (乡). */
  readonly seq: string;
  readonly name: string;
  readonly kind: 'street' | 'town' | 'xiang';
}

export const TOWNSHIPS: readonly DemoTownship[] = [
  { seq: '001', name: '城关街道', kind: 'street' },
  { seq: '002', name: '东城街道', kind: 'street' },
  { seq: '003', name: '西城街道', kind: 'street' },
  { seq: '101', name: '青石镇', kind: 'town' },
  { seq: '102', name: '柳河镇', kind: 'town' },
  { seq: '103', name: '白沙镇', kind: 'town' },
  { seq: '104', name: '龙泉镇', kind: 'town' },
  { seq: '105', name: '桃源镇', kind: 'town' },
  { seq: '106', name: '石桥镇', kind: 'town' },
  { seq: '201', name: '花溪乡', kind: 'xiang' },
  { seq: '202', name: '云岭乡', kind: 'xiang' },
  { seq: '203', name: '松林乡', kind: 'xiang' },
];

/** Parts of village names: a place word and a landform or settlement word (张家 + 湾 → 张家湾村). */
export const VILLAGE_HEADS = words(
  `张家 李家 王家 刘家 陈家 杨家 赵家 黄家 周家 吴家 徐家 孙家 马家 朱家 胡家 郭家 何家 高家 罗家 梁家 宋家 谢家 韩家 唐家 冯家 曹家 彭家 曾家 肖家 田家 上 下 东 西 南 北 前 后 大 小 新 老 中 高 长 石 柳 桃 杏 枣 梨 松 竹 杨 槐 桑 榆 莲 荷 枫 青 白 红 黄 金 银 双 三 五 八 太平 兴隆 永安 和平 丰收 联合 光明 团结`,
);
export const VILLAGE_TAILS = words(
  `庄 湾 岭 坪 沟 坡 寨 河 桥 店 营 集 铺 屯 堡 坝 塘 冲 岗 洼 山 坳 湖 溪 园 林 峪 滩 口 台`,
);
/** Names for urban communities (社区). */
export const COMMUNITY_NAMES = words(
  `滨河 文化路 人民路 解放路 建设路 和平里 幸福里 锦绣 阳光 翠竹 紫荆 丹桂 望江 书香 花园 朝阳 新华 健康路 育才 龙湖 府前 东湖 西湖 南苑 北苑 金桥 民主路 胜利 曙光 前进 春晖 康乐 安居 惠民 学府 东关 西关 南关 北关 河畔`,
);

/** Surnames with rough relative frequencies. */
export const SURNAMES: readonly (readonly [string, number])[] = words(
  `王:72 李:70 张:66 刘:55 陈:45 杨:31 黄:23 赵:21 吴:20 周:19 徐:15 孙:15 马:14 朱:13 胡:12 郭:11 何:11 高:10 林:10 罗:9 郑:9 梁:9 谢:7 宋:7 唐:7 许:6 韩:6 冯:6 邓:6 曹:6 彭:5 曾:5 肖:5 田:5 董:5 袁:5 潘:4 于:4 蒋:4 蔡:4 余:4 杜:4 叶:4 程:4 苏:4 魏:3 吕:3 丁:3 任:3 沈:3 姚:3 卢:3 姜:3 崔:3 钟:3 谭:3 陆:2 汪:2 范:2 金:2 石:2 廖:2 贾:2 夏:2 韦:2 付:2 方:2 白:2 邹:2 孟:2 熊:2 秦:2 邱:2 江:2 尹:2 薛:2 闫:2 段:2 雷:2 侯:2 龙:1 史:1 陶:1 黎:1 贺:1 顾:1 毛:1 郝:1 龚:1 邵:1 万:1 覃:1 武:1 钱:1 严:1 欧阳:1 单:1 尉迟:0.2 诸葛:0.2 司马:0.3`,
).map((w) => {
  const [name = '', weight = '1'] = w.split(':');
  return [name, Number(weight)] as const;
});

export const GIVEN_MALE = words(
  `伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 鑫 波 宇 浩 凯 健 俊 帆 帅 旭 宁 龙 林 阳 建 国 志 文 海 峰 东 亮 成 新 春 晨 博 晓 卫 庆 光 荣 德 永 振 兴 洪 彬 宏 毅 立 锋 昊 泽`,
);
export const GIVEN_FEMALE = words(
  `芳 娜 敏 静 丽 艳 娟 霞 秀 燕 玲 桂 丹 萍 红 婷 雪 琳 慧 颖 倩 梅 莉 洁 琴 云 兰 英 佳 悦 欣 怡 雯 蕾 薇 晶 璐 瑶 月 彤 春 晓 文 海 玉 凤 金 淑 美 小 晨 思 雨 梦 诗 嘉 馨 琪 媛 露`,
);

/** County-level posts (县级) and the unit each sits in; 'government' is the county government itself. */
export const COUNTY_POSTS: readonly (readonly [post: string, unit: string])[] = [
  ['县委书记', '县委办公室'],
  ['县委副书记、县长', 'government'],
  ['县委副书记', '县委办公室'],
  ['县委常委、常务副县长', 'government'],
  ['县委常委、纪委书记、监委主任', '县纪委监委'],
  ['县委常委、组织部部长', '县委组织部'],
  ['县委常委、宣传部部长', '县委宣传部'],
  ['县委常委、政法委书记', '县委办公室'],
  ['县委常委、县委办主任', '县委办公室'],
  ['县委常委、副县长', 'government'],
  ['副县长', 'government'],
  ['副县长', 'government'],
  ['副县长', 'government'],
  ['副县长、公安局局长', '县公安局'],
  ['副县长', 'government'],
  ['县人大常委会主任', 'government'],
  ['县人大常委会副主任', 'government'],
  ['县政协主席', 'government'],
  ['县政协副主席', 'government'],
  ['县委常委、人武部政委', 'government'],
];

export const DEPARTMENT_SECTION_POSTS = [
  '局长',
  '党组书记',
  '副局长',
  '副局长',
  '副局长',
  '纪检组长',
  '总工程师',
  '副主任',
];
export const TOWNSHIP_SECTION_POSTS = [
  '党委书记',
  '镇长',
  '人大主席',
  '党委副书记',
  '纪委书记',
  '副镇长',
  '副镇长',
  '组织委员',
  '宣传委员',
  '武装部长',
  '政法委员',
];
export const ORDINARY_POSTS = ['一级科员', '二级科员', '办事员', '股长', '副股长', '综合办干事', '工作人员'];
export const VILLAGE_POSTS = [
  '党支部书记、村委会主任',
  '村委会副主任',
  '村务监督委员会主任',
  '村委会委员',
  '村委会委员',
  '文书',
  '妇联主席',
  '报账员',
];
export const COMMUNITY_POSTS = [
  '党委书记、居委会主任',
  '居委会副主任',
  '居务监督委员会主任',
  '居委会委员',
  '居委会委员',
  '网格员',
  '网格员',
  '专职社工',
];

/** Mobile prefixes in use in mainland China (1[3-9]x). */
export const MOBILE_PREFIXES = words(
  `130 131 132 133 134 135 136 137 138 139 147 150 151 152 153 155 156 157 158 159 166 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 198 199`,
);
