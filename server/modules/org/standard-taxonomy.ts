/*
 * The standard request-category taxonomy (诉求分类): 19 top-level areas, their second-level groups and about 200
 * leaves, modelled on the catalogues county 12345 hotlines publish. Every deployment gets it on first start (the
 * category table is empty); from then on administrators edit the table (categories.service.ts), never this list.
 * The codes are stable identifiers: requests, unit catalogues and time-limit rules refer to them.
 */
import type { Db } from '../../platform/db/database.js';
import { countCategories, insertCategories } from './categories.repository.js';

/** A node of the taxonomy: [code suffix, name, children]. Codes are built as 'A', 'A.01', 'A.01.03'. */
export type CategoryNode = readonly [code: string, name: string, children?: readonly CategoryNode[]];

const leaves = (...names: string[]): CategoryNode[] => names.map((n, i) => [String(i + 1).padStart(2, '0'), n]);

/** The standard taxonomy (一级/二级/三级) of what citizens ask about; administrators grow it in each deployment. */
export const CATEGORY_TREE: readonly CategoryNode[] = [
  [
    'A',
    '城乡建设',
    [
      ['01', '建设工程管理', leaves('施工安全隐患', '工程质量问题', '工地扬尘', '拖欠工程款')],
      ['02', '城市管理', leaves('违法建设', '占道经营', '户外广告招牌', '市容环境卫生', '渣土运输撒漏')],
      ['03', '市政设施', leaves('道路破损', '路灯照明', '井盖缺失破损', '排水管网堵塞', '园林绿化')],
      ['04', '村镇建设', leaves('农村危房改造', '农村人居环境整治', '乡村道路建设')],
    ],
  ],
  [
    'B',
    '生态环境',
    [
      ['01', '大气污染', leaves('工业废气', '餐饮油烟', '露天焚烧', '异味扰民')],
      ['02', '水污染', leaves('工业废水排放', '河道水体污染', '饮用水源保护')],
      ['03', '噪声污染', leaves('工业噪声', '社会生活噪声', '夜间施工噪声')],
      ['04', '固体废物', leaves('垃圾分类', '危险废物', '建筑垃圾乱倒')],
      ['05', '生态保护', leaves('非法采砂', '野生动物保护')],
    ],
  ],
  [
    'C',
    '交通运输',
    [
      ['01', '公共交通', leaves('公交线路站点', '公交服务质量', '农村客运')],
      ['02', '出租汽车', leaves('拒载议价绕路', '非法营运')],
      ['03', '交通设施', leaves('交通信号灯', '交通标志标线', '停车设施')],
      ['04', '公路养护', leaves('国省道养护', '农村公路养护', '桥梁安全')],
    ],
  ],
  [
    'D',
    '教育',
    [
      ['01', '招生入学', leaves('义务教育入学', '学区划分', '随迁子女入学')],
      ['02', '教育收费', leaves('学校乱收费', '课后服务收费')],
      ['03', '学校管理', leaves('校园安全', '师德师风', '学校食堂', '校车安全')],
      ['04', '校外培训', leaves('违规培训', '培训退费纠纷')],
    ],
  ],
  [
    'E',
    '劳动和社会保障',
    [
      ['01', '劳动关系', leaves('拖欠工资', '劳动合同纠纷', '工伤认定')],
      ['02', '社会保险', leaves('养老保险', '医疗保险参保', '失业保险', '社会保障卡')],
      ['03', '就业创业', leaves('就业服务', '职业技能培训', '创业补贴')],
      ['04', '人事人才', leaves('职称评定', '事业单位招聘')],
    ],
  ],
  [
    'F',
    '卫生健康',
    [
      ['01', '医疗服务', leaves('医疗纠纷', '医德医风', '就医秩序')],
      ['02', '公共卫生', leaves('传染病防控', '预防接种', '病媒生物防制')],
      ['03', '医疗保障', leaves('医保报销', '异地就医', '药品耗材价格')],
      ['04', '生育与托育', leaves('生育登记', '托育服务')],
    ],
  ],
  [
    'G',
    '市场监管',
    [
      ['01', '食品安全', leaves('餐饮服务', '食品生产加工', '网络订餐')],
      ['02', '消费维权', leaves('商品质量', '预付卡消费', '虚假宣传')],
      ['03', '价格监管', leaves('价格欺诈', '明码标价')],
      ['04', '市场主体', leaves('营业执照办理', '无证无照经营')],
      ['05', '特种设备', leaves('电梯安全', '气瓶安全')],
    ],
  ],
  [
    'H',
    '住房与物业',
    [
      ['01', '物业管理', leaves('物业服务质量', '物业收费', '专项维修资金', '业主委员会')],
      ['02', '房地产市场', leaves('商品房交付', '不动产办证难', '房屋中介')],
      ['03', '保障性住房', leaves('公租房申请', '住房租赁补贴')],
      ['04', '房屋安全', leaves('危房鉴定', '老旧小区改造')],
      ['05', '住房公积金', leaves('公积金提取', '公积金贷款')],
    ],
  ],
  [
    'I',
    '水电气暖与通信',
    [
      ['01', '供水', leaves('停水', '水质问题', '水费水表')],
      ['02', '供电', leaves('停电', '电压不稳', '电费', '线路安全隐患')],
      ['03', '燃气', leaves('燃气安全隐患', '燃气开户安装', '燃气收费')],
      ['04', '供暖', leaves('供暖温度不达标', '供暖收费')],
      ['05', '通信', leaves('网络信号差', '通信线缆杂乱')],
    ],
  ],
  [
    'J',
    '农业农村',
    [
      ['01', '农业生产', leaves('种子化肥农药', '农机购置补贴', '动物防疫')],
      ['02', '农村集体事务', leaves('土地承包经营', '集体资产管理', '宅基地管理')],
      ['03', '惠农政策', leaves('耕地地力保护补贴', '乡村振兴项目')],
      ['04', '林业', leaves('林权纠纷', '乱砍滥伐', '森林防火')],
      ['05', '水利', leaves('农田水利设施', '河道治理', '防汛抗旱', '水库安全')],
    ],
  ],
  [
    'K',
    '民政与社会事务',
    [
      ['01', '社会救助', leaves('最低生活保障', '特困人员供养', '临时救助')],
      ['02', '养老服务', leaves('养老机构', '高龄津贴', '居家养老服务')],
      ['03', '社会事务', leaves('婚姻登记', '殡葬管理', '残疾人服务')],
      ['04', '基层治理', leaves('村（居）委会选举', '社会组织管理')],
      ['05', '妇女儿童', leaves('家庭暴力', '留守儿童关爱')],
    ],
  ],
  [
    'L',
    '公共安全',
    [
      ['01', '治安管理', leaves('治安案件', '黄赌毒', '电信网络诈骗')],
      ['02', '户籍证件', leaves('户口迁移', '居民身份证', '居住证')],
      ['03', '交通秩序', leaves('违法停车', '机动车驾驶证', '交通事故处理')],
      ['04', '消防安全', leaves('火灾隐患', '消防通道堵塞')],
    ],
  ],
  [
    'M',
    '干部作风与纪律',
    [
      ['01', '工作作风', leaves('推诿扯皮', '办事拖拉', '服务态度生硬', '吃拿卡要')],
      ['02', '形式主义官僚主义', leaves('文山会海', '督查检查过多', '痕迹主义')],
      ['03', '违纪违规', leaves('违规吃喝', '公车私用', '违规收送礼品礼金')],
    ],
  ],
  [
    'N',
    '自然资源',
    [
      ['01', '土地管理', leaves('违法占地', '征地补偿', '不动产登记')],
      ['02', '矿产资源', leaves('非法采矿')],
      ['03', '规划管理', leaves('规划许可', '规划变更')],
    ],
  ],
  [
    'O',
    '应急管理',
    [
      ['01', '安全生产', leaves('企业安全隐患', '危险化学品', '非法小作坊')],
      ['02', '自然灾害', leaves('地质灾害', '受灾救助', '气象服务')],
    ],
  ],
  [
    'P',
    '文化旅游体育',
    [
      ['01', '文化市场', leaves('网吧', '娱乐场所')],
      ['02', '旅游', leaves('景区服务', '旅游投诉')],
      ['03', '体育设施', leaves('健身器材', '体育场馆开放')],
    ],
  ],
  [
    'Q',
    '政务服务',
    [
      ['01', '政务办事', leaves('办事难', '一网通办', '证照办理')],
      ['02', '信访', leaves('信访事项办理', '信访复查')],
      ['03', '政策咨询', leaves('政策解读', '政府信息公开')],
      ['04', '法律服务', leaves('法律援助', '人民调解', '公证服务')],
    ],
  ],
  ['R', '退役军人事务', [['01', '优抚安置', leaves('优待抚恤', '退役安置', '就业帮扶')]]],
  [
    'S',
    '财政税务',
    [
      ['01', '财政资金', leaves('惠民补贴发放', '政府采购')],
      ['02', '金融', leaves('非法集资', '银行服务')],
      ['03', '税收', leaves('发票开具', '税费缴纳')],
    ],
  ],
];

/** A category of the taxonomy as a row: dotted code, parent, level 1–3 and its place among its siblings. */
export interface TaxonomyRow {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
  sortOrder: number;
}

/** Flattens a taxonomy into rows, parents before children, codes built as 'A', 'A.01', 'A.01.03'. */
export function flattenTaxonomy(tree: readonly CategoryNode[] = CATEGORY_TREE): TaxonomyRow[] {
  const out: TaxonomyRow[] = [];
  const walk = (nodes: readonly CategoryNode[], parent: string | null, level: number) => {
    nodes.forEach(([suffix, name, children], index) => {
      const code = parent ? `${parent}.${suffix}` : suffix;
      out.push({ code, name, parentCode: parent, level, sortOrder: index + 1 });
      if (children) walk(children, code, level + 1);
    });
  };
  walk(tree, null, 1);
  return out;
}

/**
 * Installs the standard taxonomy when the category table is empty, and does nothing otherwise (an installation that
 * has its own categories, or has edited the standard ones, is never touched). Returns how many categories it added.
 */
export async function ensureStandardTaxonomy(db: Db): Promise<number> {
  if ((await countCategories(db)) > 0) return 0;
  const rows = flattenTaxonomy();
  await db.transaction().execute(async (trx) => {
    for (const level of [1, 2, 3])
      await insertCategories(
        trx,
        rows.filter((r) => r.level === level),
      );
  });
  return rows.length;
}
