/**
 * Fixed material for the demo year of citizen requests: what people call about (per category of the standard
 * taxonomy, with its season), how they say it, how units answer, the channels and the behaviour of the units.
 * Everything is fictional; the generator (demo-requests.ts) draws from these lists with the seeded generator.
 */
import type { RequestChannel, RequestType } from '../../contracts/requests.js';

/** Twelve monthly multipliers, January first. */
export type Season = readonly [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

const FLAT: Season = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
/** Heating season (供暖季, 15 November – 15 March in the north). */
const HEATING: Season = [3.2, 2.6, 1.4, 0.15, 0, 0, 0, 0, 0, 0.2, 2.2, 3.4];
/** Rainy season: flooding and blocked drains from June to August. */
const RAINS: Season = [0.2, 0.2, 0.4, 0.7, 1.2, 2.8, 4, 3.2, 1.2, 0.5, 0.2, 0.2];
/** School enrolment (招生入学): August and September. */
const SCHOOL: Season = [0.4, 0.5, 0.6, 0.8, 1, 1.4, 2.6, 4.2, 3.2, 0.6, 0.4, 0.3];
const SUMMER: Season = [0.4, 0.5, 0.7, 0.9, 1.2, 1.6, 1.9, 1.8, 1.2, 0.9, 0.6, 0.4];
const WINTER_FIRE: Season = [1.8, 1.9, 1.3, 1, 0.7, 0.5, 0.5, 0.5, 0.7, 1, 1.4, 1.7];
const HARVEST: Season = [0.4, 0.5, 1.2, 1.6, 1.4, 1.1, 0.9, 0.9, 1.3, 1.6, 1, 0.5];
/** Back wages before the Spring Festival (年底讨薪). */
const YEAR_END: Season = [2.6, 1.6, 0.8, 0.7, 0.7, 0.7, 0.7, 0.7, 0.8, 0.9, 1.3, 2.6];

/** One kind of thing citizens call about: a leaf category, the usual type, and how it is said and answered. */
export interface DemoTopic {
  categoryCode: string;
  type: RequestType;
  /** Relative frequency over the year before the season. */
  weight: number;
  season: Season;
  /** Only in urban communities (e.g. central heating, property management). */
  urban?: boolean;
  /** Share of urgent requests (the rest are normal; emergency only where `emergency` is set). */
  urgent?: number;
  emergency?: number;
  /** Short topic words that a reply repeats, so the reply check sees it addresses the request. */
  topic: string;
  titles: readonly string[];
  /** The matter in the citizen's words; {p} is the village or community, {a} the address. */
  bodies: readonly string[];
  /** What the unit did (for the reply). */
  fixes: readonly string[];
  /** Answers an operator can give at once (直接办结), for consultations. */
  answers?: readonly string[];
}

export const DEMO_TOPICS: readonly DemoTopic[] = [
  {
    categoryCode: 'I.04.01',
    type: 'complaint',
    weight: 9,
    season: HEATING,
    urban: true,
    urgent: 0.15,
    topic: '暖气不热',
    titles: ['暖气不热', '供暖温度不达标', '家里暖气温度太低', '小区暖气一直不热'],
    bodies: [
      '{p}{a}家里暖气不热，室内温度只有十二三度，老人孩子都冻感冒了',
      '{p}{a}整栋楼暖气温度不达标，暖气片上面热下面凉，供暖温度一直上不去',
      '{p}{a}从开始供暖到现在暖气就没热过，室温不到十五度，打热力公司电话没人接',
      '{p}{a}暖气时热时不热，晚上室内温度特别低，供暖费都交了',
    ],
    fixes: [
      '热力公司已派员入户测温，对{p}{a}管网进行排气和水力平衡调节，暖气温度已恢复到18度以上',
      '已检修{p}换热站循环泵并清洗过滤器，入户复测室内温度达到19度，暖气不热问题已解决',
      '经查{p}{a}单元立管阀门故障导致暖气不热，已更换阀门，室温恢复正常',
    ],
  },
  {
    categoryCode: 'I.04.02',
    type: 'consultation',
    weight: 2,
    season: HEATING,
    urban: true,
    topic: '供暖费',
    titles: ['供暖费缴费咨询', '供暖收费标准咨询', '空置房供暖费怎么交'],
    bodies: [
      '想咨询一下今年供暖费的收费标准和缴费方式，{p}的房子',
      '{p}{a}的房子一直空着，想问空置房的供暖费怎么收',
      '咨询供暖费能不能在手机上交，{p}这边在哪里办',
    ],
    fixes: ['已向来电人说明{p}供暖费按建筑面积每平方米21元收取，可在热力公司营业厅或微信公众号缴纳'],
    answers: [
      '供暖费按建筑面积每平方米21元收取，空置房按30%收取基本热费，可在热力公司营业厅或其微信公众号缴纳供暖费',
      '供暖费缴费期为10月15日至11月15日，可通过热力公司公众号、营业厅或银行代收网点缴纳供暖费，空置房需先申请报停',
    ],
  },
  {
    categoryCode: 'A.03.04',
    type: 'help',
    weight: 4,
    season: RAINS,
    urgent: 0.35,
    emergency: 0.04,
    topic: '下水道堵塞积水',
    titles: ['下水道堵塞', '路面积水排不出去', '雨后积水严重', '排水管网堵塞返水'],
    bodies: [
      '{p}{a}下水道堵塞，一下雨路面积水到膝盖，车辆行人都过不去',
      '{p}{a}的排水管网堵了，污水从井盖里往外冒，臭味很大',
      '昨晚大雨后{p}{a}积水倒灌进一楼住户家里，下水道排不出去',
      '{p}{a}雨水井被垃圾堵住，每次下雨都积水，请尽快疏通',
    ],
    fixes: [
      '已组织人员对{p}{a}排水管网进行疏通，清掏淤泥约2立方米，积水已排除',
      '已调派抽水车对{p}积水点抽排，并疏通堵塞的雨水井和下水道，现已无积水',
      '经查{p}{a}排水管道塌陷导致堵塞，已开挖修复管道，排水恢复正常',
    ],
  },
  {
    categoryCode: 'J.05.03',
    type: 'help',
    weight: 1.6,
    season: RAINS,
    urgent: 0.5,
    emergency: 0.08,
    topic: '防汛排涝',
    titles: ['农田被淹需要排涝', '河水上涨担心决堤', '防汛沙袋不够'],
    bodies: [
      '{p}连续下了几天大雨，村里农田被淹了，需要抽水排涝',
      '{p}旁边的河水涨得很快，堤坝有渗水，担心晚上决堤',
      '{p}低洼处有几户人家进水了，防汛物资不够，请求支援',
    ],
    fixes: [
      '已调派抽水泵3台到{p}排涝，被淹农田积水已排出，并组织对堤坝渗水点加固',
      '水利局防汛组已到{p}查看险情，对堤坝渗水点填筑反滤围井，并转移低洼处群众',
    ],
  },
  {
    categoryCode: 'B.03.02',
    type: 'complaint',
    weight: 2.5,
    season: [4.5, 3.2, 0.8, 0.7, 0.8, 1, 1.2, 1.1, 0.9, 0.9, 0.8, 1.4],
    topic: '燃放烟花爆竹噪声',
    titles: ['夜间燃放烟花爆竹扰民', '禁放区燃放鞭炮', '广场舞噪声扰民', '商铺音响噪声大'],
    bodies: [
      '{p}{a}晚上十一点以后还有人燃放烟花爆竹，噪声太大，孩子睡不着觉',
      '{p}属于禁放区域，但是每天都有人放鞭炮，烟花爆竹噪声扰民',
      '{p}{a}广场舞音响声音太大，晚上九点多还在跳，噪声扰民',
      '{p}{a}有商铺用大音响放音乐招揽顾客，噪声从早到晚',
    ],
    fixes: [
      '已联系{p}网格员和派出所加强夜间巡查，对燃放烟花爆竹行为进行劝阻并宣传禁放规定',
      '已约谈{p}{a}广场舞组织者，将音响音量调低并约定晚上八点半前结束，噪声问题已改善',
      '城管执法人员已到{p}{a}责令商铺拆除外放音响，并告知噪声管理规定',
    ],
  },
  {
    categoryCode: 'D.01.01',
    type: 'consultation',
    weight: 2,
    season: SCHOOL,
    topic: '入学报名',
    titles: ['孩子上小学报名咨询', '一年级入学需要什么材料', '初中入学报名时间'],
    bodies: [
      '孩子今年满六周岁，户口在{p}，想问小学入学报名需要准备什么材料',
      '想咨询{p}这边的孩子上初中在哪个学校报名，入学报名时间是什么时候',
      '我们在{p}租房住，孩子入学报名需要哪些证明',
    ],
    fixes: ['已告知来电人{p}适龄儿童入学报名时间为7月10日至20日，需携带户口簿、房产证明和出生证明'],
    answers: [
      '义务教育入学报名时间为7月10日至20日，在学区对应学校报名，需携带户口簿、房产证或租房合同、儿童出生医学证明',
      '小学入学报名可登录县教育局招生平台网上报名，材料包括户口簿、居住证明和出生证明，学区划分以教育局公布为准',
    ],
  },
  {
    categoryCode: 'D.01.03',
    type: 'help',
    weight: 0.8,
    season: SCHOOL,
    topic: '随迁子女入学',
    titles: ['外地孩子上学难', '随迁子女入学申请'],
    bodies: [
      '我们是外地来{p}打工的，孩子想在这边上学，学校说没有学位',
      '在{p}务工好几年了，孩子随迁入学申请交上去一直没消息',
    ],
    fixes: ['教育局已核实来电人在{p}的务工和居住证明，统筹安排随迁子女到附近学校入学'],
  },
  {
    categoryCode: 'A.03.01',
    type: 'complaint',
    weight: 3,
    season: [0.9, 1.1, 1.3, 1.2, 1, 1, 1.1, 1.1, 1, 0.9, 0.8, 0.8],
    topic: '道路破损坑洼',
    titles: ['道路坑洼不平', '路面破损严重', '人行道地砖松动'],
    bodies: [
      '{p}{a}路面破损，坑坑洼洼，晚上骑电动车已经摔了好几个人',
      '{p}{a}人行道地砖松动翘起，一踩就溅一身泥水',
      '{p}{a}道路塌了一个大坑，很危险，请尽快修补',
    ],
    fixes: [
      '已对{p}{a}破损路面进行修补，铺设沥青约30平方米，道路已恢复平整',
      '已更换{p}{a}松动的人行道地砖60余块，路面破损处已修复',
    ],
  },
  {
    categoryCode: 'A.03.02',
    type: 'help',
    weight: 2.5,
    season: [1.4, 1.2, 1, 0.9, 0.8, 0.8, 0.8, 0.8, 0.9, 1.1, 1.3, 1.4],
    topic: '路灯不亮',
    titles: ['路灯不亮', '一排路灯坏了', '小区门口路灯损坏'],
    bodies: [
      '{p}{a}的路灯好几天不亮了，晚上出门黑漆漆的',
      '{p}{a}一整排路灯都坏了，晚上很不安全',
      '{p}{a}路灯白天亮晚上不亮，请检修一下',
    ],
    fixes: ['已安排维修人员检修{p}{a}路灯线路，更换损坏灯具5盏，路灯已恢复照明'],
  },
  {
    categoryCode: 'A.02.02',
    type: 'complaint',
    weight: 3,
    season: SUMMER,
    topic: '占道经营',
    titles: ['占道经营影响通行', '流动摊贩占道', '门店占用人行道'],
    bodies: [
      '{p}{a}每天早上都有小摊贩占道经营，把路都堵了',
      '{p}{a}几家门店把货物摆到人行道上，行人只能走机动车道',
      '{p}{a}夜市摊位占道经营，油烟大垃圾多',
    ],
    fixes: ['城管执法人员已到{p}{a}整治占道经营，劝离流动摊贩，并督促门店将货物收回店内'],
  },
  {
    categoryCode: 'A.02.01',
    type: 'report',
    weight: 1.5,
    season: FLAT,
    topic: '违法建设',
    titles: ['楼顶违法搭建', '小区私搭乱建', '占用公共绿地建房'],
    bodies: [
      '{p}{a}有住户在楼顶违法搭建彩钢房，存在安全隐患',
      '{p}{a}一楼住户私自扩建院子，占用了公共通道',
      '{p}有人占用公共绿地违法建设，已经盖了两层',
    ],
    fixes: ['经现场核查，{p}{a}违法建设属实，已下达限期拆除通知书，当事人已自行拆除违建部分'],
  },
  {
    categoryCode: 'A.02.04',
    type: 'complaint',
    weight: 2.5,
    season: SUMMER,
    topic: '垃圾清运不及时',
    titles: ['垃圾堆放没人清理', '垃圾桶满了没人清运', '路边垃圾成堆'],
    bodies: [
      '{p}{a}垃圾桶满了好几天没人清运，夏天臭气熏天',
      '{p}{a}路边垃圾成堆，苍蝇蚊子很多，影响环境卫生',
      '{p}{a}的垃圾清运不及时，垃圾都堆到路上了',
    ],
    fixes: ['已安排环卫车辆对{p}{a}垃圾进行清运，并将该点位清运频次调整为每天两次'],
  },
  {
    categoryCode: 'A.04.02',
    type: 'complaint',
    weight: 2.5,
    season: HARVEST,
    topic: '村里环境脏乱',
    titles: ['村里垃圾乱倒', '村内环境脏乱差', '村口垃圾堆积'],
    bodies: [
      '{p}村口的垃圾堆积很久了，没人清理，村里环境脏乱',
      '{p}有人往河沟里乱倒垃圾，村内环境越来越差',
      '{p}的厕所改造后没人管，粪污外溢，村里环境很差',
    ],
    fixes: ['镇政府已组织{p}村两委清理村口和河沟垃圾约8车，并设置垃圾收集点、落实保洁员每日清扫'],
  },
  {
    categoryCode: 'J.02.03',
    type: 'help',
    weight: 1.4,
    season: HARVEST,
    topic: '宅基地纠纷',
    titles: ['宅基地纠纷', '邻居占用宅基地', '申请宅基地审批'],
    bodies: ['{p}邻居盖房子占了我家宅基地，村里调解不了', '{p}村民申请宅基地建房，材料交上去半年没有审批结果'],
    fixes: ['镇政府已组织{p}村委会和国土所到现场勘测宅基地界址，双方已就宅基地边界达成调解协议'],
  },
  {
    categoryCode: 'J.02.01',
    type: 'help',
    weight: 1,
    season: HARVEST,
    topic: '土地承包',
    titles: ['土地承包合同纠纷', '土地流转费没给'],
    bodies: ['{p}的土地承包出去两年了，承包方一直拖欠土地流转费', '{p}村里重新分配承包地，我家的承包地被少分了'],
    fixes: ['已组织{p}村委会与承包方协商，承包方已结清拖欠的土地流转费并续签承包合同'],
  },
  {
    categoryCode: 'E.01.01',
    type: 'help',
    weight: 2.5,
    season: YEAR_END,
    urgent: 0.1,
    topic: '拖欠工资',
    titles: ['老板拖欠工资', '工地拖欠农民工工资', '讨要工资'],
    bodies: [
      '我在{p}附近工地干活，老板拖欠工资三个月不给，一共一万二千元',
      '{p}一家工厂拖欠我们十几个工人的工资，找不到老板',
      '在{p}给人装修，干完活工资一直拖着不结',
    ],
    fixes: ['人社局劳动监察大队已约谈{p}相关用工单位负责人，被拖欠的工资已全部支付到位'],
  },
  {
    categoryCode: 'E.02.01',
    type: 'consultation',
    weight: 2,
    season: FLAT,
    topic: '养老保险',
    titles: ['养老保险缴费咨询', '养老保险转移咨询', '灵活就业养老保险'],
    bodies: [
      '想咨询一下灵活就业人员的养老保险怎么缴费，我户口在{p}',
      '我在外地交过几年养老保险，回{p}了怎么转移接续',
      '咨询城乡居民养老保险每年的缴费档次和缴费时间',
    ],
    fixes: ['已告知来电人养老保险关系转移接续可在{p}所在乡镇社保所或网上办理'],
    answers: [
      '灵活就业人员可持身份证到县社保中心或通过手机社保APP办理养老保险参保缴费，缴费基数可在当地平均工资60%至300%之间选择',
      '养老保险关系转移接续可通过国家社会保险公共服务平台网上申请，也可到县社保中心窗口办理，原参保地缴费年限合并计算',
    ],
  },
  {
    categoryCode: 'F.03.01',
    type: 'consultation',
    weight: 1.8,
    season: FLAT,
    topic: '医保报销',
    titles: ['医保报销比例咨询', '住院医保报销咨询', '门诊慢特病报销'],
    bodies: [
      '家里老人在县医院住院，想咨询医保报销比例是多少',
      '咨询门诊慢特病怎么申请医保报销，我是{p}的',
      '在外地住院花了三万多，回来怎么办理医保报销',
    ],
    fixes: ['已告知来电人医保报销可在{p}所在乡镇医保服务站办理'],
    answers: [
      '城乡居民医保在县内二级医院住院报销比例约为70%，起付线500元，出院时在医院直接结算医保报销部分',
      '门诊慢特病医保报销需持诊断证明到县医保局窗口或乡镇医保服务站申请认定，认定后在定点医疗机构直接结算',
    ],
  },
  {
    categoryCode: 'I.01.01',
    type: 'help',
    weight: 2.6,
    season: SUMMER,
    urgent: 0.35,
    topic: '停水',
    titles: ['突然停水', '停水没有通知', '好几天没来水了'],
    bodies: [
      '{p}{a}突然停水了，也没有提前通知，家里做饭都没水',
      '{p}{a}已经停水两天了，打电话问自来水公司也说不清什么时候来水',
      '{p}{a}水压太低，楼上根本没水，基本等于停水',
    ],
    fixes: ['自来水公司已抢修{p}{a}爆裂的供水管道，已恢复供水，并对水压进行了调整'],
  },
  {
    categoryCode: 'I.02.01',
    type: 'help',
    weight: 2.6,
    season: [1.3, 1, 0.7, 0.6, 0.8, 1.3, 1.8, 1.7, 1, 0.6, 0.7, 1.2],
    urgent: 0.35,
    topic: '停电',
    titles: ['小区停电', '经常停电', '突然停电没有通知'],
    bodies: [
      '{p}{a}突然停电了，冰箱里的东西都坏了，也没有停电通知',
      '{p}这个月已经停电好几次了，每次停电好几个小时',
      '{p}{a}一到晚上用电高峰就停电，空调都开不了',
    ],
    fixes: ['供电公司已更换{p}台区过载的变压器，{p}{a}供电已恢复，近期将加强线路巡视'],
  },
  {
    categoryCode: 'I.03.01',
    type: 'help',
    weight: 1,
    season: WINTER_FIRE,
    urgent: 0.4,
    emergency: 0.1,
    topic: '燃气泄漏隐患',
    titles: ['楼道有燃气味', '燃气管道锈蚀', '怀疑燃气泄漏'],
    bodies: ['{p}{a}楼道里有很浓的燃气味，担心燃气泄漏', '{p}{a}外墙燃气管道锈蚀严重，存在燃气安全隐患'],
    fixes: ['燃气公司抢修人员已到{p}{a}检测，更换锈蚀的燃气管道接头，燃气泄漏隐患已消除'],
  },
  {
    categoryCode: 'L.04.01',
    type: 'report',
    weight: 1,
    season: WINTER_FIRE,
    urgent: 0.3,
    topic: '火灾隐患',
    titles: ['楼道电动车充电', '楼道堆放杂物有火灾隐患', '飞线充电'],
    bodies: [
      '{p}{a}楼道里有人给电动车充电，还堆满了杂物，火灾隐患很大',
      '{p}{a}有住户从楼上拉电线飞线充电，存在火灾隐患',
    ],
    fixes: ['消防大队已会同{p}社区清理{p}{a}楼道杂物，拆除飞线充电线路，火灾隐患已消除'],
  },
  {
    categoryCode: 'L.03.01',
    type: 'complaint',
    weight: 2,
    season: FLAT,
    topic: '违法停车',
    titles: ['车辆乱停乱放', '违法停车堵路', '消防通道被占'],
    bodies: [
      '{p}{a}车辆违法停车，把路堵得只剩一条道',
      '{p}{a}每天都有车停在人行道上，行人没法走',
      '{p}{a}有车长期违法停车，堵住了小区出入口',
    ],
    fixes: ['交警大队已对{p}{a}违法停车车辆进行贴单处罚，并增设禁停标志、加强巡查'],
  },
  {
    categoryCode: 'G.01.01',
    type: 'complaint',
    weight: 1.6,
    season: SUMMER,
    topic: '餐馆卫生',
    titles: ['饭店卫生条件差', '吃饭后腹泻', '餐馆后厨脏乱'],
    bodies: [
      '在{p}{a}一家饭店吃饭后全家腹泻，怀疑饭店卫生条件差',
      '{p}{a}有家餐馆后厨脏乱，老鼠到处跑，食品卫生没有保障',
    ],
    fixes: ['市场监管局已对{p}{a}涉事餐馆进行检查，责令其停业整改后厨卫生问题，并依法立案调查'],
  },
  {
    categoryCode: 'G.02.02',
    type: 'complaint',
    weight: 1.4,
    season: FLAT,
    topic: '预付卡退费',
    titles: ['健身房关门预付卡不退', '理发店办卡后跑路', '培训机构预付卡退费难'],
    bodies: [
      '在{p}{a}一家健身房办了年卡，现在健身房关门了，预付卡里还有两千多元不退',
      '{p}{a}理发店让办预付卡充值，现在店铺转让了不给退费',
    ],
    fixes: ['市场监管局已约谈{p}{a}经营者，督促其按剩余金额办理预付卡退费，来电人已收到退款'],
  },
  {
    categoryCode: 'H.01.01',
    type: 'complaint',
    weight: 2.4,
    season: FLAT,
    urban: true,
    topic: '物业服务差',
    titles: ['物业不作为', '物业服务质量差', '小区物业不管事'],
    bodies: [
      '{p}{a}小区物业服务质量太差，楼道没人打扫，电梯坏了也不修',
      '{p}{a}物业只收费不干事，小区里垃圾成堆，物业不作为',
      '{p}{a}小区门禁坏了半年，物业一直拖着不修',
    ],
    fixes: ['住建局已约谈{p}{a}物业公司负责人，督促其整改楼道保洁和电梯维修，物业服务已改善'],
  },
  {
    categoryCode: 'H.02.02',
    type: 'help',
    weight: 1.2,
    season: FLAT,
    urban: true,
    topic: '不动产证办不下来',
    titles: ['买房多年办不了房产证', '不动产证办证难'],
    bodies: [
      '在{p}{a}买的房子交房五年了，开发商一直办不下来不动产证',
      '{p}{a}小区几百户业主的房产证都办不了，孩子上学都受影响',
    ],
    fixes: ['住建局已会同自然资源局协调{p}{a}项目开发商补缴相关费用，业主不动产证已开始分批办理'],
  },
  {
    categoryCode: 'G.05.01',
    type: 'help',
    weight: 1,
    season: FLAT,
    urban: true,
    urgent: 0.3,
    topic: '电梯故障',
    titles: ['电梯经常故障', '电梯困人', '电梯停运'],
    bodies: ['{p}{a}电梯经常故障停运，上周还困过人，老人上下楼很困难', '{p}{a}电梯运行时异响抖动，担心电梯安全'],
    fixes: ['市场监管局特种设备科已对{p}{a}电梯进行安全检查，督促维保单位更换曳引钢丝绳，电梯已恢复正常运行'],
  },
  {
    categoryCode: 'B.01.02',
    type: 'complaint',
    weight: 1.4,
    season: SUMMER,
    urban: true,
    topic: '餐饮油烟',
    titles: ['餐馆油烟扰民', '烧烤店油烟大', '楼下饭店油烟直排'],
    bodies: ['{p}{a}楼下饭店油烟直排，家里窗户都不敢开', '{p}{a}烧烤店油烟大，晚上烟雾缭绕，还很吵'],
    fixes: ['生态环境分局已责令{p}{a}餐馆安装油烟净化设施并定期清洗，油烟扰民问题已改善'],
  },
  {
    categoryCode: 'B.01.03',
    type: 'report',
    weight: 1.2,
    season: HARVEST,
    topic: '焚烧秸秆',
    titles: ['露天焚烧秸秆', '有人烧垃圾烟很大'],
    bodies: ['{p}田地里有人露天焚烧秸秆，烟很大，呛得人喘不过气', '{p}村边有人焚烧垃圾和秸秆，浓烟飘到村里'],
    fixes: ['已组织{p}村干部到现场扑灭焚烧秸秆火点，对焚烧人进行批评教育，并加强巡查'],
  },
  {
    categoryCode: 'K.01.01',
    type: 'help',
    weight: 1.5,
    season: FLAT,
    topic: '低保申请',
    titles: ['申请低保', '低保被取消', '家庭困难申请救助'],
    bodies: ['我是{p}的村民，家里老人生病没有收入，想申请低保', '{p}我家低保去年被取消了，家里情况没有变化，想问原因'],
    fixes: ['民政局已会同{p}所在乡镇入户核查家庭经济状况，符合条件，已纳入低保并按月发放'],
  },
  {
    categoryCode: 'K.02.02',
    type: 'consultation',
    weight: 1,
    season: FLAT,
    topic: '高龄津贴',
    titles: ['高龄津贴怎么申请', '高龄津贴发放时间'],
    bodies: ['家里老人今年八十岁了，户口在{p}，想问高龄津贴怎么申请', '咨询高龄津贴每个月什么时候发放'],
    fixes: ['已告知来电人高龄津贴可在{p}村（居）委会申请'],
    answers: ['年满80周岁的老人可持身份证、户口簿到所在村（居）委会申请高龄津贴，经乡镇审核后按月发放到社保卡'],
  },
  {
    categoryCode: 'Q.03.01',
    type: 'consultation',
    weight: 2.5,
    season: FLAT,
    topic: '政策咨询',
    titles: ['政策咨询', '惠民政策咨询', '补贴政策咨询'],
    bodies: [
      '想咨询一下今年以旧换新购车补贴政策怎么申请',
      '咨询一下新生儿落户需要哪些材料，我们是{p}的',
      '想问一下县里对返乡创业有什么补贴政策',
    ],
    fixes: ['已向来电人解读相关政策并告知{p}对应的办理窗口'],
    answers: [
      '以旧换新购车补贴可通过云闪付APP申请，报废旧车并在县内购买新车的，按车价给予补贴，具体以商务局公告为准',
      '新生儿落户需携带出生医学证明、父母户口簿和身份证、结婚证到户籍所在地派出所办理，也可在政务服务网上申请',
      '返乡创业可申请一次性创业补贴和创业担保贷款，需持营业执照到县人社局就业服务中心申请补贴',
    ],
  },
  {
    categoryCode: 'Q.01.01',
    type: 'complaint',
    weight: 1,
    season: FLAT,
    topic: '办事难',
    titles: ['办事来回跑', '窗口办事效率低'],
    bodies: [
      '在县政务服务中心办营业执照，来回跑了四趟都没办下来，每次说缺不同的材料',
      '{p}的便民服务中心窗口经常没人，办事要等很久',
    ],
    fixes: ['行政审批局已核实来电人办事经过，一次性告知所需材料并安排专人帮办，营业执照已办结'],
  },
  {
    categoryCode: 'M.01.02',
    type: 'complaint',
    weight: 0.8,
    season: FLAT,
    topic: '办事拖拉',
    titles: ['工作人员办事拖拉', '推诿扯皮不给办'],
    bodies: [
      '{p}所在镇政府工作人员办事拖拉，申请材料交了一个月还没有回复',
      '去{p}便民服务中心办事，工作人员推诿扯皮，让去别的部门',
    ],
    fixes: ['督查室已核实{p}相关工作人员办事拖拉问题，对责任人进行约谈提醒，来电人事项已办理完毕'],
  },
  {
    categoryCode: 'C.01.03',
    type: 'suggestion',
    weight: 1.2,
    season: [1.5, 1.4, 0.9, 0.9, 0.9, 0.9, 1.1, 1.1, 1, 1, 0.9, 1.2],
    topic: '农村客运班车',
    titles: ['建议增加农村客运班次', '村里不通公交车'],
    bodies: [
      '{p}到县城的农村客运班车一天只有两班，建议增加班次',
      '{p}离县城二十多公里，没有公交车，老人看病很不方便，建议开通客运班车',
    ],
    fixes: ['交通局已调整{p}方向农村客运班车线路，每天增加2个班次，并公布发车时刻表'],
  },
  {
    categoryCode: 'P.03.01',
    type: 'suggestion',
    weight: 0.8,
    season: SUMMER,
    topic: '健身器材',
    titles: ['健身器材损坏', '建议增设健身器材'],
    bodies: ['{p}广场上的健身器材坏了好几件，很危险', '{p}没有健身场地，建议在村委会旁边增设健身器材'],
    fixes: ['文旅体育局已对{p}损坏的健身器材进行维修更换，并将增设健身器材纳入明年计划'],
  },
  {
    categoryCode: 'J.04.03',
    type: 'report',
    weight: 0.6,
    season: [1.6, 2, 2.4, 2.2, 1, 0.5, 0.3, 0.3, 0.5, 1, 1.4, 1.5],
    topic: '森林防火',
    titles: ['山上有人野外用火', '上坟烧纸有火灾隐患'],
    bodies: ['{p}后山有人野外用火烧荒，担心引发森林火灾', '{p}附近山林有人上坟烧纸放鞭炮，森林防火隐患很大'],
    fixes: ['林业局已会同{p}护林员到现场扑灭野外火源，对用火人批评教育，并加强森林防火巡护'],
  },
  {
    categoryCode: 'S.02.01',
    type: 'report',
    weight: 0.3,
    season: FLAT,
    topic: '非法集资',
    titles: ['疑似非法集资', '高息理财骗局'],
    bodies: ['{p}有人到处宣传高息理财，说年息百分之二十，很多老人都投了钱，疑似非法集资'],
    fixes: ['财政局会同公安机关已对{p}相关人员宣传的高息理财进行调查，涉嫌非法集资已立案'],
  },
  {
    categoryCode: 'K.03.03',
    type: 'praise',
    weight: 0.5,
    season: FLAT,
    topic: '表扬',
    titles: ['表扬工作人员', '感谢热心帮助'],
    bodies: ['表扬{p}村干部，帮我家残疾孩子办好了残疾证和补贴，非常感谢', '{p}社区工作人员热心帮助独居老人，特此表扬'],
    fixes: ['已将来电人对{p}工作人员的表扬转达所在单位，并在单位内通报表扬'],
  },
];

/** How requests come in: hotline calls most, then mobile and web (share out of 100). */
export const CHANNEL_WEIGHTS: readonly (readonly [RequestChannel, number])[] = [
  ['hotline', 62],
  ['mobile', 14],
  ['web', 9],
  ['visit', 4],
  ['leader_board', 4],
  ['letter', 2],
  ['liaison', 2.5],
  ['email', 1],
  ['suggestion_box', 0.5],
  ['inspection', 1],
];

/** Openings and endings that make the same matter read differently from caller to caller. */
export const OPENERS = [
  '',
  '',
  '',
  '您好，',
  '我是{p}的居民，',
  '我想反映一下，',
  '你好，我要反映个情况，',
  '麻烦问一下，',
];
export const ENDINGS = [
  '，希望有关部门尽快处理。',
  '，请相关部门核实解决。',
  '，已经反映过多次了，一直没有解决。',
  '。',
  '，希望尽快给个答复。',
  '，请帮忙协调一下，谢谢。',
  '，麻烦派人来看一下。',
];
export const ADDRESS_PARTS = {
  urban: ['号楼', '栋', '单元'],
  streets: ['幸福路', '人民路', '文化街', '建设路', '解放路', '新华街', '中心大道', '滨河路', '育才路', '光明路'],
  rural: ['组', '队'],
};

/** The behaviour of a unit: how fast it accepts, how often it returns, how well and how late it replies. */
export interface UnitProfile {
  /** Working hours from dispatch to acceptance (uniform between). */
  acceptHours: readonly [number, number];
  /** Chance of returning a correctly dispatched request. */
  returns: number;
  /** Share of the resolution limit used before replying (uniform between); above 1 is late. */
  replyFraction: readonly [number, number];
  /** Chance that a reply is vague and the dispatcher sends it back. */
  poorReply: number;
  /** Chance that the citizen is unsatisfied with a reply. */
  unsatisfied: number;
  /** Chance of asking for an extension. */
  extension: number;
  /** Chance of appealing an unsatisfied rating (申诉). */
  appeal: number;
}

export const PROFILES: Readonly<Record<'excellent' | 'good' | 'bad', UnitProfile>> = {
  excellent: {
    acceptHours: [0.1, 1.5],
    returns: 0.003,
    replyFraction: [0.1, 0.55],
    poorReply: 0.005,
    unsatisfied: 0.02,
    extension: 0.01,
    appeal: 0.3,
  },
  good: {
    acceptHours: [0.3, 6],
    returns: 0.015,
    replyFraction: [0.2, 0.95],
    poorReply: 0.02,
    unsatisfied: 0.05,
    extension: 0.04,
    appeal: 0.12,
  },
  bad: {
    acceptHours: [4, 30],
    returns: 0.12,
    replyFraction: [0.6, 2.2],
    poorReply: 0.12,
    unsatisfied: 0.24,
    extension: 0.1,
    appeal: 0.2,
  },
};

/** The units that behave badly (so red-and-black lists mean something) and the ones that shine, by short name. */
export const BAD_UNITS = ['城管局', '市场监管局', '柳河镇', '人社局'] as const;
export const EXCELLENT_UNITS = ['供电公司', '交警大队'] as const;

/** What citizens say when they rate (回访). */
export const RATING_COMMENTS = {
  satisfied: ['问题解决了，很满意', '处理很及时，谢谢', '工作人员态度很好', null, null, null],
  basically_satisfied: ['基本解决了，但是时间有点长', '还行吧', null, null],
  unsatisfied: ['问题根本没解决', '只打了个电话，没人来现场看', '答复敷衍，问题依旧', '拖了这么久还没办好'],
} as const;

/** Chinese New Year's Day (春节) of the years the demo may cover: fireworks complaints peak around it. */
export const SPRING_FESTIVAL: Readonly<Record<number, string>> = {
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
};
