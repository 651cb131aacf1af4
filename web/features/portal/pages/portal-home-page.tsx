import { Card, Flex, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useT } from '../../../lib/i18n';
import { portalMessages } from '../messages';

/** The portal's start page: what citizens can do here, one card each. */
export function PortalHomePage() {
  const t = useT(portalMessages);
  const cards = [
    ['/portal/submit', 'navSubmit', 'homeSubmit'],
    ['/portal/track', 'navTrack', 'homeTrack'],
    ['/portal/rankings', 'navRankings', 'homeRankings'],
    ['/portal/commitments', 'navCommitments', 'homeCommitments'],
    ['/portal/misconduct', 'navMisconduct', 'homeMisconduct'],
  ] as const;
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph style={{ marginTop: 8 }}>{t('homeIntro')}</Typography.Paragraph>
      {cards.map(([to, title, text]) => (
        <Link key={to} to={to} data-testid={`portal-card-${title}`}>
          <Card hoverable size="small" title={t(title)}>
            {t(text)}
          </Card>
        </Link>
      ))}
    </Flex>
  );
}
