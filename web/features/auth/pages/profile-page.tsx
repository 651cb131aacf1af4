import { CheckCircleTwoTone } from '@ant-design/icons';
import { App, Card, Col, Descriptions, Radio, Row, Space, Tag, Typography } from 'antd';
import { ROLE_LABELS } from '../../../../contracts/roles';
import { PageHeader } from '../../../components/page-header';
import { type Lang, pick, setLang, useLang, useT } from '../../../lib/i18n';
import { useMe } from '../../../lib/session';
import { ChangePasswordForm } from '../components/change-password-form';
import { TotpEnrolment } from '../components/totp-enrolment';
import { authMessages } from '../messages';

/** Everyone's own settings: who they are, password, second factor, language. */
export function ProfilePage() {
  const t = useT(authMessages);
  const me = useMe();
  const lang = useLang();
  const { message } = App.useApp();

  return (
    <div>
      <PageHeader title={t('profileTitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('accountInfo')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('username')}>{me.username}</Descriptions.Item>
              <Descriptions.Item label={t('displayName')}>{me.displayName}</Descriptions.Item>
              <Descriptions.Item label={t('roles')}>
                <Space size={[4, 4]} wrap>
                  {me.roles.map((r) => (
                    <Tag key={r}>{pick(lang, ROLE_LABELS[r])}</Tag>
                  ))}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('unit')}>{me.unit?.name ?? t('none')}</Descriptions.Item>
              <Descriptions.Item label={t('scope')}>{me.scopeLabel}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('language')}>
            <Typography.Paragraph type="secondary" id="lang-help">
              {t('languageHelp')}
            </Typography.Paragraph>
            <Radio.Group
              value={lang}
              onChange={(e) => setLang(e.target.value as Lang)}
              aria-label={t('language')}
              aria-describedby="lang-help"
              optionType="button"
              options={[
                { value: 'zh-CN', label: '简体中文' },
                { value: 'en', label: 'English' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('changePasswordTitle')}>
            <ChangePasswordForm onDone={() => message.success(t('passwordChanged'))} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('totpTitle')}>
            {me.totpEnabled ? (
              <Space>
                <CheckCircleTwoTone twoToneColor="#52c41a" />
                <span>{t('totpEnabled')}</span>
              </Space>
            ) : (
              <>
                <Typography.Paragraph type="secondary">{t('totpNotEnabled')}</Typography.Paragraph>
                <TotpEnrolment onDone={() => message.success(t('totpEnabled'))} />
              </>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
