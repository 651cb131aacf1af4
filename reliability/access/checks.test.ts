import { describe, expect, it } from 'vitest';
import { judge, privacyScan } from './checks.js';

describe('the access verdicts', () => {
  it('names an unexpected allow, an unexpected deny, a masked read where plaintext was expected', () => {
    expect(judge('deny', { outcome: 'allow', status: 200 })).toEqual({ ok: false, problem: 'unexpected allow' });
    expect(judge('allow', { outcome: 'deny', status: 403 })).toEqual({ ok: false, problem: 'unexpected deny' });
    expect(judge('allow', { outcome: 'masked', status: 200 }).problem).toBe('unexpected deny');
    expect(judge('masked', { outcome: 'allow', status: 200 }).problem).toBe('unexpected allow');
    expect(judge('deny', { outcome: 'deny', status: 404, sameAsAbsent: true })).toEqual({ ok: true });
  });

  it('fails a denial that answers differently for an absent id, and any 4xx/5xx that is not a denial', () => {
    const differs = judge('deny', {
      outcome: 'deny',
      status: 409,
      sameAsAbsent: false,
      absent: { status: 404, code: 'X_NOT_FOUND' },
    });
    expect(differs.ok).toBe(false);
    expect(differs.problem).toContain('absent id 404 X_NOT_FOUND');
    expect(judge('deny', { outcome: 'error', status: 500 }).ok).toBe(false);
  });
});

describe('the privacy scan', () => {
  const seen = (text: string, mayHoldPlaintext = false) => ({
    who: 'handlerA' as const,
    cell: 'c',
    url: '/u',
    status: 200,
    text,
    mayHoldPlaintext,
  });

  it('finds plaintext mobiles and ID numbers, not masked ones, request numbers or division codes', () => {
    const r = privacyScan(
      [
        seen('电话13812345678'),
        seen('{"phone":"138****5678","number":"2026112000017","division":"110101001001"}'),
        seen('{"hash":"9f17676285006ab3","token":"x11010119800101003Xy"}'),
        seen('{"phone":"13812345678"}'),
        seen('{"id":"11010119800101003X"}'),
        seen('{"value":"13812345678"}', true),
      ],
      [],
    );
    expect(r.answers).toBe(6);
    expect(r.findings.map((f) => f.match)).toEqual(['13812345678', '13812345678', '11010119800101003X']);
  });

  it('finds a known secret even when it matches no pattern', () => {
    expect(privacyScan([seen('receipt K7Q2M9XA')], ['K7Q2M9XA']).findings).toHaveLength(1);
  });
});
