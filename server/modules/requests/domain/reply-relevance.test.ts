import { describe, expect, it } from 'vitest';
import { checkReply, DEFAULT_REPLY_CHECK } from './reply-check.js';
import {
  fitReplyRelevanceModel,
  REPLY_RELEVANCE_MODEL,
  type ReplyRelevanceFeatures,
  relevanceScore,
  replyRelevance,
} from './reply-relevance.js';

// Made-up requests and replies in the style of the real ones (the real replies are measured by
// `lianxin classify eval-replies`, README "Reply-quality check").
const WATER = { title: '幸福小区3号楼停水', body: '幸福小区3号楼从昨天早上开始停水，到现在还没有来水，也没有通知。' };
const LIGHT = {
  title: '东风路路灯不亮',
  body: '东风路东段的路灯已经坏了一个多星期了，晚上出行很不方便，请尽快派人维修。',
};
const WAGES = {
  title: '红星建筑工地拖欠工资',
  body: '我在县城红星建筑工地打工，老板拖欠我们12名工人三个月工资共计8万元，多次讨要无果。',
};
const SCHOOL = { title: 'A3区实验小学暑假强制补课', body: 'A3区实验小学暑假要求学生到校补课，每人收费450元。' };

const WATER_REPLY =
  '您好，您反映的幸福小区3号楼停水问题，经查系主管道爆裂，已于今日14时恢复供水，并要求供水公司今后停水提前张贴通知。';
const WAGES_REPLY =
  '县人社局劳动监察大队已约谈红星建筑工地承包方，责令其于12月5日前足额支付12名农民工工资共计8万元，目前已支付4万元，剩余部分将跟踪督促。';
const LIGHT_REPLY = '网友：您好！您反映的问题已转东风路街道，经查该路段路灯因线路老化损坏，已更换线路恢复照明。';
const SCHOOL_REPLY = '经A3区教育局调查，实验小学暑假补课属实，已责令学校立即停止并退还所收费用。';
const ACKNOWLEDGEMENT = '网友：您好！您的留言已收悉，感谢您的理解和支持！';

describe('a reply scores higher for the request it answers than for another one', () => {
  it.each([
    ['naming the place and the subject (water cut)', WATER, LIGHT, WATER_REPLY],
    ['naming the site, the number of workers and the sum (wages)', WAGES, WATER, WAGES_REPLY],
    ['a forwarding note that still names the street and the lights', LIGHT, WAGES, LIGHT_REPLY],
    ['naming the district code and the school', SCHOOL, WAGES, SCHOOL_REPLY],
  ])('%s', (_, own, other, reply) => {
    const mine = replyRelevance(own, reply);
    const theirs = replyRelevance(other, reply);
    expect(mine.score).toBeGreaterThan(theirs.score);
    // Above the off-topic threshold for its own request, below it for the other one.
    expect(mine.score).toBeGreaterThanOrEqual(DEFAULT_REPLY_CHECK.minRelevance);
    expect(theirs.score).toBeLessThan(DEFAULT_REPLY_CHECK.minRelevance);
    expect(mine.matched.length).toBeGreaterThan(0);
    expect(theirs.matched).toEqual([]);
  });

  it('names the shared words, longest first, as the dialog shows them', () => {
    expect(replyRelevance(WATER, WATER_REPLY).matched).toContain('幸福小区3号楼停水');
    expect(replyRelevance(WAGES, WAGES_REPLY).matched).toEqual(
      expect.arrayContaining(['红星建筑工地', '工资共计8万元']),
    );
  });

  it("repeating the request's title counts for more than repeating its body", () => {
    const reply = '关于停车收费，业委会已公示收费标准。';
    const inTitle = replyRelevance({ title: '小区停车收费不合理', body: '物业每月收三百元。' }, reply);
    const inBody = replyRelevance({ title: '物业每月收三百元', body: '小区停车收费不合理。' }, reply);
    expect(inTitle.features.titleCoverage).toBeGreaterThan(inBody.features.titleCoverage);
    expect(inTitle.score).toBeGreaterThan(inBody.score);
  });

  it('without a title, the first sentence of the body stands for it', () => {
    const request = { body: '幸福小区3号楼停水两天了。物业一直说在修。' };
    const r = replyRelevance(request, '经查，幸福小区3号楼停水系主管道爆裂，现已恢复供水。');
    expect(r.features.titleCoverage).toBeGreaterThan(0.5);
  });
});

describe('an acknowledgement that names nothing', () => {
  it('is neither confirmed nor contradicted: between a reply about the request and a reply about another one', () => {
    const ack = replyRelevance(WATER, ACKNOWLEDGEMENT);
    expect(ack.features).toEqual({ cosine: 0, titleCoverage: 0, sharedBigrams: 0, unsharedBigrams: 0 });
    expect(ack.matched).toEqual([]);
    expect(ack.score).toBeLessThan(replyRelevance(WATER, WATER_REPLY).score);
    expect(ack.score).toBeGreaterThan(replyRelevance(WATER, WAGES_REPLY).score);
  });

  it('is refused by the boilerplate rule, not judged on its score', () => {
    expect(checkReply(WATER, ACKNOWLEDGEMENT)).toMatchObject({ ok: false, reason: 'boilerplate' });
  });

  it('words common to every request and reply are not shared words', () => {
    const r = replyRelevance({ body: '我想反映一个问题' }, '您反映的问题我们已经处理');
    expect(r.features.sharedBigrams).toBe(0);
    expect(r.matched).toEqual([]);
  });

  it('more particulars the request never mentions lower the score', () => {
    const short = replyRelevance(LIGHT, '已转市社保局调查处理。');
    const long = replyRelevance(LIGHT, WAGES_REPLY);
    expect(long.features.unsharedBigrams).toBeGreaterThan(short.features.unsharedBigrams);
    expect(long.score).toBeLessThan(short.score);
  });
});

describe('the score', () => {
  it('is deterministic and in [0, 1]', () => {
    const run = () => replyRelevance(LIGHT, LIGHT_REPLY);
    expect(run()).toEqual(run());
    for (const [q, a] of [
      [WATER, WATER_REPLY],
      [WATER, WAGES_REPLY],
      [LIGHT, ''],
      [{ body: '' }, WATER_REPLY],
    ] as const) {
      const { score } = replyRelevance(q, a);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });

  it('compares through the normaliser it is given (traditional reply, simplified request)', () => {
    const toSimplified = (t: string) => t.replace(/燈/g, '灯').replace(/壞/g, '坏');
    const reply = '路燈壞了的問題已修復';
    expect(replyRelevance({ body: '路灯坏了' }, reply).features.sharedBigrams).toBe(0);
    const folded = replyRelevance({ body: '路灯坏了' }, reply, { normalise: toSimplified });
    expect(folded.features.sharedBigrams).toBeGreaterThan(0);
    expect(folded.score).toBeGreaterThan(replyRelevance({ body: '路灯坏了' }, reply).score);
  });

  it('is the deployed model applied to the features; another model can be passed', () => {
    const r = replyRelevance(WATER, WATER_REPLY);
    expect(r.score).toBe(relevanceScore(r.features, REPLY_RELEVANCE_MODEL));
    const flat = { intercept: 0, cosine: 0, titleCoverage: 0, logShared: 0, logUnshared: 0 };
    expect(replyRelevance(WATER, WATER_REPLY, { model: flat }).score).toBe(0.5);
  });
});

describe('fitting the model', () => {
  // Pairs made up from the requests and replies above: each reply with its own request (1) and the others (0).
  const requests = [WATER, LIGHT, WAGES, SCHOOL];
  const replies = [WATER_REPLY, LIGHT_REPLY, WAGES_REPLY, SCHOOL_REPLY];
  const examples = requests.flatMap((q, i) =>
    replies.map((a, j) => ({ features: replyRelevance(q, a).features, label: (i === j ? 1 : 0) as 0 | 1 })),
  );

  it('is deterministic, weighs shared words up and unshared particulars down, and ranks every true pair first', () => {
    const model = fitReplyRelevanceModel(examples);
    expect(fitReplyRelevanceModel(examples)).toEqual(model);
    expect(model.cosine).toBeGreaterThan(0);
    expect(model.titleCoverage).toBeGreaterThan(0);
    const score = (f: ReplyRelevanceFeatures) => relevanceScore(f, model);
    const positives = examples.filter((e) => e.label === 1).map((e) => score(e.features));
    const negatives = examples.filter((e) => e.label === 0).map((e) => score(e.features));
    expect(Math.min(...positives)).toBeGreaterThan(Math.max(...negatives));
  });

  it('refuses examples of one label only', () => {
    expect(() => fitReplyRelevanceModel(examples.filter((e) => e.label === 1))).toThrow(/both labels/);
  });
});
