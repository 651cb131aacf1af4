import QRCode from 'qrcode';
import type { PortalPlace } from '../../../contracts/portal.js';
import { escapeXml } from './domain/xml.js';

/** The submit page's address with the place filled in, as a village/community's QR code opens it. */
export function portalPlaceUrl(publicBaseUrl: string, divisionCode: string): string {
  return `${publicBaseUrl}/portal/submit?${new URLSearchParams({ division: divisionCode }).toString()}`;
}

/**
 * The printable QR sheet of a township (二维码张贴页): one card per village or community with a QR code that opens the
 * portal's submit page with that place filled in, for notice boards. Self-contained HTML (inline SVG, no scripts).
 */
export async function renderQrSheet(
  township: { name: string; code: string },
  places: readonly PortalPlace[],
  publicBaseUrl: string,
): Promise<string> {
  const cards: string[] = [];
  for (const p of places) {
    const url = portalPlaceUrl(publicBaseUrl, p.code);
    const svg = await QRCode.toString(url, { type: 'svg', margin: 1, width: 180, errorCorrectionLevel: 'M' });
    cards.push(`<section class="card" data-division="${escapeXml(p.code)}">
  <h2>${escapeXml(p.name)}</h2>
  <div class="qr">${svg}</div>
  <p>扫码反映问题，地点已自动填好<br><small>Scan to submit a request; the place is filled in</small></p>
  <p class="url">${escapeXml(url)}</p>
</section>`);
  }
  const empty = '<p>该乡镇下没有村（社区） · No villages or communities under this township</p>';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(township.name)} · 诉求二维码</title>
<style>
  body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 16px; color: #1f1f1f; }
  h1 { color: #c41d1d; font-size: 22px; }
  .card { width: 62mm; box-sizing: border-box; border: 2px solid #c41d1d; border-radius: 8px; padding: 8px 10px;
    margin: 0 8px 8px 0; display: inline-block; vertical-align: top; text-align: center; page-break-inside: avoid; }
  h2 { font-size: 18px; margin: 4px 0; } .qr svg { width: 180px; height: 180px; }
  small { color: #8c8c8c; } .url { font-size: 9px; word-break: break-all; color: #8c8c8c; }
  @media print { body { margin: 0; } h1 { margin-top: 0; } }
</style></head>
<body><h1>${escapeXml(township.name)} · 群众诉求二维码 <small>QR codes per village/community</small></h1>
${cards.length ? cards.join('\n') : empty}</body></html>`;
}
