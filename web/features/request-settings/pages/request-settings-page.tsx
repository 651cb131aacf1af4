import { Select, Space, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { LoadError } from '../../../components/page-states';
import { useT } from '../../../lib/i18n';
import { useCounties } from '../api/use-request-settings';
import { PolicyTab } from '../components/policy-tab';
import { PreviewTab } from '../components/preview-tab';
import { RulesTab } from '../components/rules-tab';
import { settingsMessages } from '../messages';

/** 办理时限与规则: a county's time-limit rules, the deadline calculator, and the escalation and policy settings. */
export function RequestSettingsPage() {
  const t = useT(settingsMessages);
  const counties = useCounties();
  const [county, setCounty] = useState<string>();

  useEffect(() => {
    const first = counties.data?.items[0];
    if (!county && first) setCounty(first.code);
  }, [counties.data, county]);

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('help')}
        extra={
          <Space>
            <Typography.Text>{t('county')}</Typography.Text>
            <Select
              style={{ minWidth: 200 }}
              value={county}
              placeholder={t('chooseCounty')}
              loading={counties.isPending}
              showSearch
              optionFilterProp="label"
              options={(counties.data?.items ?? []).map((c) => ({ value: c.code, label: c.name }))}
              onChange={setCounty}
            />
          </Space>
        }
      />
      {counties.error ? <LoadError error={counties.error} onRetry={() => counties.refetch()} /> : null}
      {county ? (
        <Tabs
          items={[
            { key: 'rules', label: t('tabRules'), children: <RulesTab county={county} /> },
            { key: 'preview', label: t('tabPreview'), children: <PreviewTab county={county} /> },
            { key: 'policy', label: t('tabPolicy'), children: <PolicyTab county={county} /> },
          ]}
        />
      ) : null}
    </>
  );
}
