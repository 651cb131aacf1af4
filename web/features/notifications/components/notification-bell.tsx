import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Empty, Flex, List, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { pick, useLang, useT } from '../../../lib/i18n';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from '../api/use-notifications';
import { notificationMessages } from '../messages';

const beijing = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).replace(/:\d{2}$/, '');

/**
 * The bell in the signed-in header: the unread count (polled every minute) and a drawer with my notices, newest
 * first; opening one marks it read and goes to its request.
 */
export function NotificationBell() {
  const t = useT(notificationMessages);
  const lang = useLang();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const unread = useUnreadCount().data ?? 0;
  const list = useNotifications(unreadOnly, open);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <Button
        type="text"
        aria-label={t('bell', { n: unread })}
        onClick={() => setOpen(true)}
        data-testid="notification-bell"
      >
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
      <Drawer
        title={t('title')}
        open={open}
        onClose={() => setOpen(false)}
        width={400}
        extra={
          <Button size="small" disabled={unread === 0} loading={markAll.isPending} onClick={() => markAll.mutate()}>
            {t('markAllRead')}
          </Button>
        }
      >
        <Flex align="center" gap={8} style={{ marginBottom: 12 }}>
          <Switch size="small" checked={unreadOnly} onChange={setUnreadOnly} id="notification-unread-only" />
          <label htmlFor="notification-unread-only">{t('unreadOnly')}</label>
        </Flex>
        <List
          loading={list.isPending && open}
          dataSource={items}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} /> }}
          data-testid="notification-list"
          renderItem={(n) => (
            <List.Item
              style={{ cursor: n.link ? 'pointer' : undefined, opacity: n.readAt ? 0.6 : 1 }}
              onClick={() => {
                if (!n.readAt) markRead.mutate(n.id);
                if (n.link) {
                  setOpen(false);
                  navigate(n.link);
                }
              }}
              actions={
                n.readAt
                  ? []
                  : [
                      <Button
                        key="read"
                        type="link"
                        size="small"
                        onClick={(e) => {
                          e.stopPropagation();
                          markRead.mutate(n.id);
                        }}
                      >
                        {t('markRead')}
                      </Button>,
                    ]
              }
            >
              <List.Item.Meta
                title={
                  <Badge dot={!n.readAt} offset={[6, 0]}>
                    <Typography.Text strong={!n.readAt}>{pick(lang, n.title)}</Typography.Text>
                  </Badge>
                }
                description={
                  <>
                    <div>{pick(lang, n.body)}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {beijing(n.createdAt)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
        {list.hasNextPage ? (
          <Button block onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('more')}
          </Button>
        ) : null}
      </Drawer>
    </>
  );
}
