import { defineMessages } from '../../lib/i18n';

export const notificationMessages = defineMessages({
  title: { zh: '消息通知', en: 'Notifications' },
  bell: { zh: '消息通知（{n} 条未读）', en: 'Notifications ({n} unread)' },
  unreadOnly: { zh: '只看未读', en: 'Unread only' },
  markAllRead: { zh: '全部标为已读', en: 'Mark all read' },
  markRead: { zh: '标为已读', en: 'Mark read' },
  empty: { zh: '暂无消息', en: 'No notifications' },
  more: { zh: '加载更多', en: 'Load more' },
});
