import { defineMessages } from '../../lib/i18n';

/** The menu's labels of the metrics screens, apart from the pages' messages so the app shell stays small. */
export const metricsMenuMessages = defineMessages({
  menuGroup: { zh: '办理成效', en: 'Performance' },
  menuDashboard: { zh: '领导驾驶舱', en: 'Leader dashboard' },
  menuRanking: { zh: '月度排名', en: 'Monthly ranking' },
  menuMyScorecard: { zh: '本单位成绩单', en: "My unit's scorecard" },
});
