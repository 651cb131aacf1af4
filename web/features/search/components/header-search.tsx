import { SearchOutlined } from '@ant-design/icons';
import { Button, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useT } from '../../../lib/i18n';
import { searchMessages } from '../messages';

/** The search box in the header of every signed-in page: Enter opens /search with the query. On phones, where the
 * header has no room for a box, a button opens the search page (which has its own box). */
export function HeaderSearch({ compact = false }: { compact?: boolean }) {
  const t = useT(searchMessages);
  const navigate = useNavigate();
  const location = useLocation();
  const [value, setValue] = useState('');
  // On the search page the box shows the page's query.
  useEffect(() => {
    if (location.pathname === '/search') setValue(new URLSearchParams(location.search).get('q') ?? '');
  }, [location.pathname, location.search]);
  if (compact) {
    return (
      <Button
        type="text"
        icon={<SearchOutlined />}
        aria-label={t('boxLabel')}
        data-testid="header-search-button"
        onClick={() => navigate('/search')}
      />
    );
  }
  return (
    <Input.Search
      role="search"
      aria-label={t('boxLabel')}
      data-testid="header-search"
      placeholder={t('placeholder')}
      allowClear
      value={value}
      maxLength={100}
      onChange={(e) => setValue(e.target.value)}
      onSearch={(q) => {
        const trimmed = q.trim();
        if (trimmed) navigate(`/search?${new URLSearchParams({ q: trimmed })}`);
      }}
      style={{ width: 320, verticalAlign: 'middle' }}
    />
  );
}
