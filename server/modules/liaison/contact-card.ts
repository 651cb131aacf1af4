/*
 * The contact card (民情联系卡 / 为民服务卡): a print-ready HTML page per household with each paired cadre's name,
 * unit and masked phone, and a QR code (inline SVG) that opens the portal's submit page addressed to that cadre and
 * place: `${PUBLIC_BASE_URL}/portal/submit?division=<code>&cadre=<person id>`.
 */
import QRCode from 'qrcode';
import type { Household } from '../../../contracts/liaison.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The portal address a card's QR code opens: the submit page, addressed to the cadre and the household's place. */
export function portalSubmitUrl(publicBaseUrl: string, divisionCode: string, cadrePersonId: number): string {
  const q = new URLSearchParams({ division: divisionCode, cadre: String(cadrePersonId) });
  return `${publicBaseUrl}/portal/submit?${q.toString()}`;
}

/** The card as a self-contained HTML page (A6-sized cards, one per paired cadre; printable from the browser). */
export async function renderContactCard(household: Household, publicBaseUrl: string): Promise<string> {
  const cards = await Promise.all(
    household.cadres.map(async (c) => {
      const url = portalSubmitUrl(publicBaseUrl, household.divisionCode, c.personId);
      const svg = await QRCode.toString(url, { type: 'svg', margin: 1, width: 160, errorCorrectionLevel: 'M' });
      return `<section class="card" data-cadre="${c.personId}">
  <h1>民情联系卡 <small>Contact card</small></h1>
  <p class="to">${escapeHtml(household.headName)} 户 · ${escapeHtml(household.divisionName)} ${escapeHtml(household.address)}</p>
  <dl>
    <dt>联系干部 <small>Cadre</small></dt><dd class="cadre-name">${escapeHtml(c.name)}</dd>
    <dt>单位 <small>Unit</small></dt><dd>${escapeHtml(c.unitName)}</dd>
    <dt>电话 <small>Phone</small></dt><dd class="phone">${escapeHtml(c.phoneMask ?? '—')}</dd>
  </dl>
  <div class="qr" role="img" aria-label="二维码 QR code">${svg}</div>
  <p class="hint">扫码向您的联系干部反映诉求 · Scan to send a request to your cadre</p>
  <p class="url"><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>
</section>`;
    }),
  );
  const empty = `<section class="card"><h1>民情联系卡 <small>Contact card</small></h1>
  <p class="to">${escapeHtml(household.headName)} 户 · ${escapeHtml(household.address)}</p>
  <p>该户尚未结对干部 · No cadre is paired with this household yet</p></section>`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>民情联系卡 · ${escapeHtml(household.headName)}</title>
<style>
  body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 16px; color: #1f1f1f; }
  .card { width: 105mm; max-width: 100%; min-height: 148mm; box-sizing: border-box; border: 2px solid #c41d1d; border-radius: 8px;
    padding: 12px 16px; margin: 0 12px 12px 0; display: inline-block; vertical-align: top; page-break-inside: avoid; }
  h1 { color: #c41d1d; font-size: 22px; margin: 0 0 8px; } small { color: #8c8c8c; font-size: 11px; font-weight: normal; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; margin: 8px 0; } dt { color: #595959; } dd { margin: 0; font-weight: 600; }
  .qr svg { width: 160px; height: 160px; } .url { font-size: 10px; word-break: break-all; color: #8c8c8c; }
  @media print { body { margin: 0; } .card { margin: 0 4mm 4mm 0; } }
</style></head>
<body>${cards.length ? cards.join('\n') : empty}</body></html>`;
}
