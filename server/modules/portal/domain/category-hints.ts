// Plain-language hints for the taxonomy's top-level areas, so a citizen can tell where a problem belongs without
// knowing how government divides its work. Keyed by the top-level name (codes may differ between deployments).

export interface Hint {
  zh: string;
  en: string;
}

const HINTS: Readonly<Record<string, Hint>> = {
  城乡建设: {
    zh: '道路、路灯、井盖、违建、工地、占道摆摊',
    en: 'Roads, street lights, manholes, illegal building, building sites, street stalls',
  },
  生态环境: { zh: '油烟、臭味、噪音、污水、乱倒垃圾', en: 'Cooking fumes, smells, noise, dirty water, dumped rubbish' },
  交通运输: { zh: '公交、出租车、道路拥堵、停车', en: 'Buses, taxis, traffic jams, parking' },
  教育: { zh: '上学、招生、学校收费、校园安全', en: 'School places, admissions, school fees, safety at school' },
  劳动和社会保障: { zh: '拖欠工资、社保、养老金、就业', en: 'Unpaid wages, social insurance, pensions, jobs' },
  卫生健康: { zh: '看病、医院、医保报销、疫苗', en: 'Seeing a doctor, hospitals, medical insurance, vaccines' },
  市场监管: { zh: '食品安全、假货、价格、消费纠纷', en: 'Food safety, fake goods, prices, shopping disputes' },
  住房与物业: {
    zh: '物业、房屋质量、维修资金、租房',
    en: 'Property management, building defects, repair funds, renting',
  },
  水电气暖与通信: { zh: '停水停电、燃气、供暖、网络信号', en: 'Water or power cuts, gas, heating, phone and internet' },
  农业农村: {
    zh: '种地、补贴、农资、养殖、宅基地',
    en: 'Farming, subsidies, seeds and fertiliser, livestock, house plots',
  },
  民政与社会事务: {
    zh: '低保、养老、残疾人、婚姻登记、殡葬',
    en: 'Basic allowance, elderly care, disability, marriage registration, funerals',
  },
  公共安全: { zh: '治安、消防隐患、诈骗、邻里纠纷', en: 'Public order, fire hazards, fraud, neighbour disputes' },
  干部作风与纪律: {
    zh: '办事拖拉、态度差、吃拿卡要（举报请用匿名举报）',
    en: 'Slow service, rudeness, asking for favours (use the anonymous report for misconduct)',
  },
  自然资源: { zh: '土地、采矿、林地、测绘', en: 'Land, mining, forests, surveying' },
  应急管理: { zh: '安全生产、危险品、灾害', en: 'Workplace safety, dangerous goods, disasters' },
  文化旅游体育: { zh: '景区、文化活动、健身场地', en: 'Tourist sites, cultural events, sports grounds' },
  政务服务: { zh: '办证、窗口服务、网上办事', en: 'Certificates and permits, service counters, online services' },
  财政税务: { zh: '税费、发票、财政补贴发放', en: 'Taxes and fees, invoices, payment of subsidies' },
};

const OTHER: Hint = { zh: '其他问题', en: 'Other matters' };

/** The hint of a category, from the name of its top-level area; areas without one get "other matters". */
export function hintForArea(topLevelName: string): Hint {
  return HINTS[topLevelName] ?? OTHER;
}
