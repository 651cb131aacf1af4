import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  CalendarOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Card, Col, Descriptions, Empty, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { type ComponentType, createElement } from 'react';
import { Link } from 'react-router-dom';
import { ROLE_LABELS } from '../../../../contracts/roles';
import { LoadError } from '../../../components/page-states';
import { defineMessages, pick, useLang, useT } from '../../../lib/i18n';
import { useNavEntries } from '../../../lib/nav';
import { type HomeModule, useHome } from '../api/use-home';

const messages = defineMessages({
  greeting: { zh: '您好，{name}', en: 'Hello, {name}' },
  unit: { zh: '所在单位', en: 'Unit' },
  scope: { zh: '数据范围', en: 'Data scope' },
  roles: { zh: '角色', en: 'Roles' },
  noUnit: { zh: '未关联单位', en: 'No unit' },
  modules: { zh: '我的工作', en: 'My work' },
  noModules: { zh: '您的角色暂无可用模块', en: 'Your roles have no modules yet' },
  open: { zh: '进入', en: 'Open' },
});

/** Icons of the module cards. A card's key is also its route (e.g. 'org/units' → /org/units). */
const MODULE_ICONS: Record<string, ComponentType> = {
  'org/divisions': ApartmentOutlined,
  'org/units': BankOutlined,
  'org/people': TeamOutlined,
  accounts: SafetyCertificateOutlined,
  calendar: CalendarOutlined,
  audit: AuditOutlined,
};

/** The landing page of every role: who you are, where you sit, and the work you can open. */
export function HomePage() {
  const t = useT(messages);
  const lang = useLang();
  const { data, isPending, error, refetch } = useHome(lang);
  const nav = useNavEntries();

  if (isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (error) return <LoadError error={error} onRetry={() => refetch()} />;

  const { user } = data;
  // Server cards carry counts; every other page in the user's menu still gets a card to open it.
  const served = new Set(data.modules.map((m) => m.path ?? `/${m.key.replace(/^\/+/, '')}`));
  const modules: (HomeModule & { icon?: ComponentType })[] = [
    ...data.modules,
    ...nav
      .filter((entry) => !served.has(entry.path))
      .map((entry) => ({
        key: entry.path.slice(1),
        label: pick(lang, entry.label),
        path: entry.path,
        icon: entry.icon,
      })),
  ];
  return (
    <div data-testid="home">
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={1} style={{ fontSize: 20, marginTop: 0 }}>
          {t('greeting', { name: user.displayName })}
        </Typography.Title>
        <Descriptions column={{ xs: 1, sm: 1, md: 3 }} size="small">
          <Descriptions.Item label={t('unit')}>
            <span data-testid="home-unit">{user.unit?.name ?? t('noUnit')}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('scope')}>
            <span data-testid="home-scope">{user.scopeLabel}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('roles')}>
            <Space size={[4, 4]} wrap>
              {user.roles.map((role, index) => (
                <Tag key={role} color="blue">
                  {user.roleLabels?.[index] ?? (ROLE_LABELS[role] ? pick(lang, ROLE_LABELS[role]) : role)}
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('modules')}
      </Typography.Title>
      {modules.length === 0 ? (
        <Empty description={t('noModules')} />
      ) : (
        <Row gutter={[12, 12]}>
          {modules.map((module) => {
            const path = module.path ?? `/${module.key.replace(/^\/+/, '')}`;
            const icon = createElement(MODULE_ICONS[module.key] ?? module.icon ?? AppstoreOutlined);
            const body = (
              <Card hoverable={!!path} size="small" data-testid={`home-module-${module.key}`}>
                <Statistic
                  title={
                    <Space>
                      {icon}
                      <span>{module.label}</span>
                    </Space>
                  }
                  value={module.count ?? t('open')}
                  valueStyle={module.count === undefined ? { fontSize: 16 } : undefined}
                />
              </Card>
            );
            return (
              <Col key={module.key} xs={24} sm={12} lg={8} xl={6}>
                {path ? (
                  <Link
                    to={path}
                    aria-label={`${module.label}${module.count !== undefined ? `: ${module.count}` : ''}`}
                  >
                    {body}
                  </Link>
                ) : (
                  body
                )}
              </Col>
            );
          })}
        </Row>
      )}
    </div>
  );
}
