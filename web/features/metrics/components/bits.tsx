import { Tag, Tooltip } from 'antd';
import type { RankingRow } from '../../../../contracts/metrics';
import { REQUEST_STATE_LABELS } from '../../../../contracts/requests';
import { pick, useLang, useT } from '../../../lib/i18n';
import { metricsMessages } from '../messages';

const STATE_COLORS: Record<string, string> = {
  received: 'default',
  classified: 'gold',
  dispatched: 'blue',
  returned: 'volcano',
  in_progress: 'processing',
  replied: 'cyan',
  rated: 'green',
  closed: 'success',
  merged: 'default',
};

/** A request's state as a coloured tag (the words from contracts, like the request screens). */
export function StateTag({ state }: { state: string }) {
  const lang = useLang();
  const label = REQUEST_STATE_LABELS[state as keyof typeof REQUEST_STATE_LABELS];
  return <Tag color={STATE_COLORS[state] ?? 'default'}>{label ? pick(lang, label) : state}</Tag>;
}

/** The rank of a ranking row with its red or black list mark; unranked rows say why. */
export function RankCell({
  row,
  red,
  black,
  minVolume,
}: {
  row: RankingRow;
  red: boolean;
  black: boolean;
  minVolume: number;
}) {
  const t = useT(metricsMessages);
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {row.rank === null ? (
        <Tooltip title={t('unrankedHelp', { min: minVolume })}>
          <Tag>{t('unranked')}</Tag>
        </Tooltip>
      ) : (
        <strong style={{ marginInlineEnd: 6 }}>{row.rank}</strong>
      )}
      {red ? (
        <Tag color="red" data-testid="red-list-mark">
          {t('redList')}
        </Tag>
      ) : null}
      {black ? (
        <Tag color="#262626" data-testid="black-list-mark">
          {t('blackList')}
        </Tag>
      ) : null}
    </span>
  );
}
