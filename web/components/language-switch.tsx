import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { type Lang, setLang, useLang, useT } from '../lib/i18n';

/** The language switch in headers: 简体中文 / English, remembered in localStorage. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const lang = useLang();
  const t = useT();
  const current = lang === 'en' ? t('langEn') : t('langZh');
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [lang],
        items: [
          { key: 'zh-CN', label: <span lang="zh-CN">简体中文</span> },
          { key: 'en', label: <span lang="en">English</span> },
        ],
        onClick: ({ key }) => setLang(key as Lang),
      }}
    >
      <Button
        type="text"
        icon={<GlobalOutlined />}
        aria-label={`${t('language')} / Language: ${current}`}
        data-testid="language-switch"
      >
        {compact ? (lang === 'en' ? 'EN' : '中') : current}
      </Button>
    </Dropdown>
  );
}
