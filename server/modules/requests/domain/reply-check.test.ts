import { describe, expect, it } from 'vitest';
import { characterBigrams, checkReply, contentChars, substantiveText } from './reply-check.js';

const STREET_LIGHT = '我家小区门口的路灯已经坏了一个多星期了，晚上出行很不方便，请尽快派人维修。';
const NOISE = '楼上邻居装修噪音太大，晚上十点还在施工，严重影响休息。';
const WAGES = '我在县城某建筑工地打工，老板拖欠我们12名工人三个月工资共计8万元，多次讨要无果。';
const WATER_CUT = '幸福小区3号楼从昨天早上开始停水，到现在还没有来水，也没有通知。';
const NEWBORN = '请问新生儿怎么办理医保参保，需要带什么材料？';
const PARKING_FEE = '小区物业乱收停车费，每月涨到300元，没有公示。';

describe('a reply that addresses the request goes out', () => {
  it.each([
    ['a street light', STREET_LIGHT, '经核实，该路段路灯因线路老化损坏，我局已于11月20日更换线路，现已恢复照明。'],
    ['renovation noise', NOISE, '经现场核查，已责令施工方严格遵守作业时间，夜间22时后禁止施工，并留存承诺书。'],
    [
      'unpaid wages',
      WAGES,
      '县人社局劳动监察大队已约谈该项目承包方，责令其于12月5日前足额支付12名农民工工资共计8万元，已支付4万元，剩余部分我们将跟踪督促。',
    ],
    ['a water cut', WATER_CUT, '因主管道爆裂抢修，3号楼已于今日14时恢复供水，已要求供水公司今后停水提前张贴通知。'],
    [
      'a consultation',
      NEWBORN,
      '新生儿可在出生后携带出生医学证明、户口簿到县医保服务大厅或通过“国家医保服务平台”APP办理参保登记，当年参保缴费后享受待遇。',
    ],
    ['a terse but concrete reply that names its subject', '路灯坏了', '路灯已于11月20日更换灯泡，恢复照明。'],
    [
      'polite phrases around concrete content',
      STREET_LIGHT,
      '您好，您反映的路灯不亮问题，我们已于11月20日更换灯泡，现已恢复照明。感谢您的来电！',
    ],
  ])('%s', (_, request, reply) => {
    expect(checkReply(request, reply)).toMatchObject({ ok: true });
  });
});

describe('a reply is sent back to the handler', () => {
  it.each([
    ['an empty reply is empty', STREET_LIGHT, '', 'empty'],
    ['a few words are too short', STREET_LIGHT, '已处理完毕。', 'empty'],
    [
      'stock phrases only are boilerplate',
      STREET_LIGHT,
      '您好，您反映的问题已收到，我们正在处理，请耐心等待。感谢您的来电！',
      'boilerplate',
    ],
    [
      '"handled according to the rules" is boilerplate',
      NOISE,
      '您好，我们已高度重视，按相关规定办理，感谢您的理解和支持。',
      'boilerplate',
    ],
    [
      '"passed to the department concerned" is boilerplate',
      WAGES,
      '您好，您的诉求已转相关部门，我们会尽快处理，请耐心等待。',
      'boilerplate',
    ],
    [
      'a reply about pensions to a street light is off topic',
      STREET_LIGHT,
      '您好，关于养老保险缴费问题，请携带身份证到县社保中心窗口办理，缴费标准按当年政策执行。',
      'off_topic',
    ],
    [
      'a reply about a social security card to a parking fee is off topic',
      PARKING_FEE,
      '您好，关于您咨询的社保卡补办问题，请携带身份证到县政务服务中心社保窗口办理。',
      'off_topic',
    ],
    [
      'a business licence check for a noise complaint is off topic',
      NOISE,
      '经查，该企业营业执照齐全，经营范围符合规定，不存在无证经营行为。',
      'off_topic',
    ],
    [
      'a school canteen reply to a water cut is off topic',
      WATER_CUT,
      '经核实，您反映的学校食堂卫生问题，已责令整改，并对食堂从业人员进行了培训。',
      'off_topic',
    ],
    [
      'calling the citizen a troublemaker is rude',
      NOISE,
      '经核实，施工时间符合规定，请不要无理取闹，反复拨打热线。',
      'rude',
    ],
    ['"ask whoever you like" is rude', WAGES, '工资的事去找劳动仲裁，爱找谁找谁，别再打了。', 'rude'],
    ['rudeness counts even in a short reply', STREET_LIGHT, '神经病', 'rude'],
    [
      'forwarding the request to a named bureau is boilerplate',
      WAGES,
      '网友：您好！您反映的问题已转县人社局调查核处。感谢您的留言！2026年11月3日',
      'boilerplate',
    ],
    [
      'acknowledging receipt with the citizen id and date is boilerplate',
      WATER_CUT,
      '“UU0012345”您好！您的留言已收悉，我办已转交相关单位核实、办复。2026年10月8日',
      'boilerplate',
    ],
    [
      'a concrete reply that names nothing of the request is off topic (it must say what it answers)',
      '路灯坏了',
      '已于11月20日更换灯泡，恢复照明。',
      'off_topic',
    ],
  ] as const)('%s', (_, request, reply, reason) => {
    const result = checkReply(request, reply);
    expect(result).toMatchObject({ ok: false, reason });
    expect(result.ok || result.message.zh.length > 0).toBe(true);
  });
});

describe('naming an illness is not rudeness', () => {
  it('"患有轻度神经病" in a factual reply about a household passes', () => {
    const request = '贫困户张某家庭困难，儿子患病，希望落实帮扶政策。';
    const reply = '经核查，张某家为建档立卡贫困户，其子患有轻度神经病，已落实低保和医疗救助帮扶政策。';
    expect(checkReply(request, reply)).toMatchObject({ ok: true });
    expect(checkReply(request, '你是神经病吧，别再打了')).toMatchObject({ ok: false, reason: 'rude' });
  });
});

describe('the thresholds and word lists are configuration', () => {
  it('a stricter minimum length refuses a terse reply', () => {
    expect(checkReply('路灯坏了', '已更换灯泡，恢复照明。', { minContentChars: 12 })).toMatchObject({
      reason: 'empty',
    });
  });

  it('a local boilerplate phrase can be added', () => {
    const reply = '您好，此事已按程序转办，并将适时予以回应。';
    expect(checkReply(STREET_LIGHT, reply, { minRelevance: 0 })).toMatchObject({ ok: true });
    expect(
      checkReply(STREET_LIGHT, reply, { boilerplatePhrases: ['您好', '此事已按程序转办', '并将适时予以回应'] }),
    ).toMatchObject({ reason: 'boilerplate' });
  });

  it('the off-topic check can be switched off with zero thresholds', () => {
    const offTopic = '经查，该企业营业执照齐全，经营范围符合规定，不存在无证经营行为。';
    expect(checkReply(NOISE, offTopic, { minRelevance: 0 })).toMatchObject({ ok: true });
    expect(checkReply(NOISE, offTopic)).toMatchObject({ ok: false, reason: 'off_topic' });
  });
});

describe('the string measures', () => {
  it('content characters are letters and digits, full-width normalised', () => {
    expect(contentChars('３号楼，Room 12！')).toBe('3号楼room12');
  });

  it('bigrams stay inside runs of letters and digits', () => {
    expect([...characterBigrams('路灯坏了，请修')].sort()).toEqual(['坏了', '灯坏', '请修', '路灯'].sort());
  });

  it('stock phrases, forwarding notes, dates and user ids are not substance', () => {
    expect(contentChars(substantiveText('网友：您好！您反映的问题已转市交通局调查核处。2026年5月7日'))).toBe('');
    expect(contentChars(substantiveText('“UU0081234”您好！留言已收悉，已转交F9市。'))).toBe('');
    expect(contentChars(substantiveText('您好！经查，该路段路灯已修复。'))).toBe('经查该路段路灯已修复');
    // A link ends at the first character that cannot be in a URL: the Chinese after it is kept.
    expect(contentChars(substantiveText('详见https://example.gov.cn/a?id=1路灯已于昨日修复'))).toBe('路灯已于昨日修复');
  });
});
