import { Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useT } from '../../../lib/i18n';
import { PlacePicker } from '../components/place-picker';
import { portalMessages } from '../messages';

const sheet = (code: string) => `/api/public/portal/qr-sheet?township=${encodeURIComponent(code)}`;

/**
 * The QR sheet (村居二维码): choose a township, then open the printable sheet with one QR code per village or
 * community (served by the server at /api/public/portal/qr-sheet). `?township=<code>` shows it at once.
 */
export function PortalQrPage() {
  const t = useT(portalMessages);
  const [params] = useSearchParams();
  const given = params.get('township') ?? '';
  const [path, setPath] = useState<string[]>([]);
  const township = path.at(-1);
  if (/^\d{12}$/.test(given)) {
    return <iframe title={t('qrTitle')} src={sheet(given)} style={{ width: '100%', height: '80vh', border: 0 }} />;
  }
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('qrTitle')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('qrHint')}</Typography.Text>
      <PlacePicker value={path} onChange={setPath} changeOnSelect placeholder={t('township')} />
      <Button type="primary" disabled={!township} href={township ? sheet(township) : undefined} target="_blank">
        {t('print')}
      </Button>
    </Flex>
  );
}
