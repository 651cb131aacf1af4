import { describe, expect, it } from 'vitest';
import { detectWorkStyle, type WorkStyleKind } from './work-style.js';

describe('work-style complaints (作风类)', () => {
  it.each<[string, WorkStyleKind]>([
    ['我多次到镇政府反映，工作人员互相推诿，谁都不管，这是典型的不作为。', 'inaction'],
    ['社区工作人员对我们的诉求置之不理，打电话也没人接。', 'inaction'],
    ['拆迁补偿款的事情住建局一拖再拖，已经两年了还没有结果。', 'slow'],
    ['去年就报给了街道办，他们迟迟不处理，说是要研究。', 'slow'],
    ['城管执法人员暴力执法，把摊主的东西全砸了。', 'wrongful'],
    ['村干部优亲厚友，低保名额都给了自己亲戚。', 'wrongful'],
    ['办事大厅的工作人员态度极其恶劣，还骂人。', 'rude'],
    ['到派出所办户口真是门难进、脸难看、事难办。', 'rude'],
    ['镇里办个证，经办人明说不给红包就不办。', 'favours'],
    ['村长索要好处费才肯盖章。', 'favours'],
    ['乡政府搞形式主义，检查前突击刷墙，检查完就不管了。', 'four_winds'],
    ['有人看到某局领导公车私用，周末开公车去钓鱼。', 'four_winds'],
    ['社保局窗口工作人员上班时间玩手机，群众排长队没人管。', 'four_winds'],
    ['縣城管局工作人員態度惡劣', 'rude'], // traditional characters
  ])('flags %s as %s', (text, kind) => {
    const r = detectWorkStyle(text);
    expect(r.isWorkStyle).toBe(true);
    expect(r.kinds).toContain(kind);
    expect(r.signals.find((s) => s.kind === kind)?.match).toBeTruthy();
  });

  it.each([
    ['小区门口的路灯坏了一个星期了，晚上出行很不方便，请尽快修复。'],
    ['感谢社区工作人员热情周到的服务，帮我们解决了难题。'],
    ['窗口工作人员态度很好，耐心解答了我的问题。'], // 态度 + praise
    ['物业公司对漏水问题不管不问，业主很无奈。'], // a company, not a public actor
    ['开发商一拖再拖，至今不交房。'], // strong phrase, but the blamed actor is private
    ['小区物业不作为，垃圾堆了好几天。'],
    ['镇政府工作人员从不推诿，当天就来现场处理了。'], // negated
    ['请问办理居住证需要哪些材料？'],
    ['学校附近的商家乱收费，希望市场监管介入。'], // 乱收费 by shops, the bureau is asked to act
    ['街道两边的树需要修剪，挡住了路灯。'], // 街道 as a street
    ['小区物业只收费不干事,垃圾成堆,物业不作为,请相关部门核实解决。'], // the department is asked to act, not blamed
    ['公交车司机态度恶劣，希望交通局加强管理。'], // a driver, and the bureau is asked to act
  ])('does not flag a near miss: %s', (text) => {
    const r = detectWorkStyle(text);
    expect(r).toEqual({ isWorkStyle: false, kinds: [], signals: [] });
  });

  it('a phrase inside a longer one that fired is not counted twice', () => {
    expect(detectWorkStyle('便民服务中心工作人员推诿扯皮。').signals).toEqual([
      { kind: 'inaction', signal: '推诿', match: '推诿扯皮', actor: '工作人员' },
    ]);
  });

  it('explains every signal that fired, each kind once, with the public actor it blamed', () => {
    const r = detectWorkStyle('镇政府不作为。镇政府工作人员态度恶劣，还辱骂群众。镇政府又一次不作为。');
    expect(r.kinds).toEqual(['inaction', 'rude']);
    expect(r.signals).toEqual([
      { kind: 'inaction', signal: '不作为', match: '不作为', actor: '政府' },
      { kind: 'rude', signal: '态度恶劣', match: '态度恶劣', actor: '政府' },
      { kind: 'rude', signal: '辱骂刁难', match: '辱骂', actor: '政府' },
    ]);
  });
});
