import { BulbOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Space, Tag, Typography } from 'antd';
import type { ClassifySuggestion } from '../../../../contracts/requests';
import { api } from '../../../lib/api';
import { useT } from '../../../lib/i18n';
import { useDebounced } from '../../../lib/use-debounced';
import { requestKeys } from '../api/keys';
import { requestMessages } from '../messages';

/**
 * The classifier's top three categories for the text being typed (GET /api/requests/classify-suggestion), as tags
 * with their confidence: a click fills the category field. With a place chosen, the proposed lead unit of the first.
 * Nothing is shown until a model has been trained (`lianxin classify train` or the weekly job).
 */
export function CategorySuggestions({
  title,
  text,
  divisionCode,
  value,
  onPick,
}: {
  title?: string;
  text?: string;
  divisionCode?: string;
  value?: string;
  onPick: (code: string) => void;
}) {
  const t = useT(requestMessages);
  const q = useDebounced(
    {
      text: text && text.trim().length >= 4 ? text.trim().slice(0, 2000) : undefined,
      title: title?.trim() ? title.trim().slice(0, 200) : undefined,
      divisionCode: divisionCode || undefined,
    },
    500,
  );
  const query = useQuery({
    queryKey: [...requestKeys.all, 'classify-suggestion', q],
    queryFn: () => api.get<ClassifySuggestion>('/api/requests/classify-suggestion', q),
    enabled: !!q.text,
    staleTime: 60_000,
    retry: false,
  });
  const data = query.data;
  if (!q.text || !data || data.suggestions.length === 0) return null;
  return (
    <div data-testid="category-suggestions" style={{ marginTop: -12, marginBottom: 16 }}>
      <Space wrap size={[4, 4]}>
        <Typography.Text type="secondary" title={t('suggestedCategoriesHint')}>
          <BulbOutlined /> {t('suggestedCategories')}
        </Typography.Text>
        {data.suggestions.map((s) => (
          <Tag.CheckableTag
            key={s.code}
            checked={value === s.code}
            onChange={() => onPick(s.code)}
            data-testid={`suggestion-${s.code}`}
          >
            {s.name} {Math.round(s.confidence * 100)}%
          </Tag.CheckableTag>
        ))}
      </Space>
      {data.proposal?.leadUnitName ? (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="suggested-unit">
            {t('suggestedUnit', { unit: data.proposal.leadUnitName })}
            {data.proposal.fallback ? t('suggestedUnitFallback') : ''}
          </Typography.Text>
        </div>
      ) : null}
    </div>
  );
}
