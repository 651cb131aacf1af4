// The portal's public commitments (承诺公示) on a phone (390×844), without login: the demo commitments the liaison
// module publishes are listed with their status, a fulfilled one is rated and its new rating shows; submitting
// without stars gets a message on the field and stores nothing, and the API refuses a missing or out-of-range score.
import { assert, test, text } from './support.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true };

async function publicCommitments(baseUrl) {
  const res = await fetch(`${baseUrl}/api/public/liaison/commitments`);
  assert.equal(res.status, 200);
  return (await res.json()).items;
}

test('a citizen reads the public commitments on a phone and rates a fulfilled one', async (ctx) => {
  const before = await publicCommitments(ctx.baseUrl);
  assert.ok(before.length > 0, 'the demo seed publishes commitments');
  assert.ok(
    before.every((c) => c.public),
    'only public commitments are served',
  );
  const page = await ctx.newPage(PHONE);
  await page.goto(`${ctx.baseUrl}/portal`);
  await page.getByTestId('portal-card-navCommitments').click();
  await page.getByTestId('commitments-list').waitFor();
  assert.match(page.url(), /\/portal\/commitments$/);
  const first = before[0];
  assert.match(await text(page.getByTestId(`commitment-${first.id}`)), new RegExp(first.cadreName));
  await ctx.assertNoHorizontalScroll(page, 'portal commitments');
  await ctx.screenshot(page, 'portal-commitments');

  // Only the commitments kept on time, once filtered.
  await page.getByTestId('commitments-status').getByText('按期兑现').click();
  const onTime = before.filter((c) => c.fulfilledAt !== null && c.onTime === true);
  assert.ok(onTime.length > 0, 'the demo seed has commitments kept on time');
  const target = onTime[0];
  const card = page.getByTestId(`commitment-${target.id}`);
  await card.waitFor();
  for (const status of await page.getByTestId('commitment-status').allInnerTexts()) assert.equal(status, '按期兑现');
  assert.match(await text(card), new RegExp(target.evidence));

  // No stars chosen: a clear message on the field, nothing stored.
  await card.getByTestId('commitment-rate-open').click();
  await card.getByTestId('commitment-rate-submit').click();
  assert.match(await text(card.getByTestId('commitment-rate-error')), /请先选择 1 到 5 颗星/);
  const unchanged = (await publicCommitments(ctx.baseUrl)).find((c) => c.id === target.id);
  assert.equal(unchanged.ratingCount, target.ratingCount);

  // Four stars: the thanks and the new rating show, and the server holds one more rating.
  await card.locator('.ant-rate-star').nth(3).click();
  await card.getByTestId('commitment-rate-submit').click();
  const rated = await text(card.getByTestId('commitment-rated'));
  assert.match(rated, /感谢您的评价/);
  const after = (await publicCommitments(ctx.baseUrl)).find((c) => c.id === target.id);
  assert.equal(after.ratingCount, target.ratingCount + 1);
  const expected = Math.round((((target.rating ?? 0) * target.ratingCount + 4) / after.ratingCount) * 10) / 10;
  assert.ok(Math.abs(after.rating - expected) < 0.11, `average ${after.rating} close to ${expected}`);
  assert.match(rated, new RegExp(`${after.rating.toFixed(1)} 分（${after.ratingCount} 人评价）`));
  assert.match(
    await text(card.getByTestId('commitment-rating')),
    new RegExp(`${after.rating.toFixed(1)} 分（${after.ratingCount} 人评价）`),
  );
  await ctx.assertNoHorizontalScroll(page, 'portal commitments after rating');
  await ctx.screenshot(page, 'portal-commitments-rated');
});

test('the English page shows the field error, and the API refuses a missing or out-of-range score', async (ctx) => {
  const items = await publicCommitments(ctx.baseUrl);
  const target = items.find((c) => c.fulfilledAt !== null);
  const page = await ctx.newPage({ ...PHONE, lang: 'en' });
  await page.goto(`${ctx.baseUrl}/portal/commitments`);
  const card = page.getByTestId(`commitment-${target.id}`);
  await card.getByTestId('commitment-rate-open').click();
  await card.getByTestId('commitment-rate-submit').click();
  assert.match(await text(card.getByTestId('commitment-rate-error')), /Choose 1 to 5 stars/);

  for (const body of [{}, { score: 6 }, { score: 0 }, { score: 2.5 }]) {
    const res = await fetch(`${ctx.baseUrl}/api/public/liaison/commitments/${target.id}/rate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 400, `score ${JSON.stringify(body)} refused`);
    const envelope = await res.json();
    assert.ok(envelope.error?.code, 'the error envelope names a code');
  }
  const after = (await publicCommitments(ctx.baseUrl)).find((c) => c.id === target.id);
  assert.equal(after.ratingCount, target.ratingCount, 'refused scores store nothing');
});
