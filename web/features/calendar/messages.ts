import { defineMessages } from '../../lib/i18n';

export const calendarMessages = defineMessages({
  title: { zh: '工作日历', en: 'Working-day calendar' },
  help: {
    zh: '办理时限按法定工作日计算，包括国务院公布的节假日和调休。点击某一天可以调整。',
    en: 'Time limits count statutory working days, including the State Council holidays and adjusted weekends. Click a day to change it.',
  },
  prevYear: { zh: '上一年', en: 'Previous year' },
  nextYear: { zh: '下一年', en: 'Next year' },
  year: { zh: '{year} 年', en: '{year}' },
  unconfirmed: {
    zh: '{year} 年的日历尚未确认：节假日安排可能还未公布，当前按默认规则推算。请在国务院公布安排后核对并调整。',
    en: 'The {year} calendar is not confirmed: the holiday schedule may not be published yet and the days are estimated. Check and adjust once the State Council publishes it.',
  },
  confirmed: { zh: '{year} 年日历已确认', en: 'The {year} calendar is confirmed' },
  workday: { zh: '工作日', en: 'Working day' },
  weekend: { zh: '周末', en: 'Weekend' },
  holiday: { zh: '节假日', en: 'Holiday' },
  adjusted_workday: { zh: '调休上班', en: 'Adjusted working day' },
  override: { zh: '已人工调整', en: 'Changed by hand' },
  resetDay: { zh: '恢复默认', en: 'Restore default' },
  editDay: { zh: '调整 {day}', en: 'Change {day}' },
  isWorking: { zh: '是否工作日', en: 'Working day' },
  working: { zh: '上班', en: 'Working' },
  resting: { zh: '休息', en: 'Day off' },
  dayName: { zh: '名称', en: 'Name' },
  dayNameHelp: { zh: '如“国庆节”“国庆调休”，可留空', en: 'E.g. “National Day”; optional' },
  workingDays: { zh: '工作日 {count} 天', en: '{count} working days' },
  weekdays: { zh: '一,二,三,四,五,六,日', en: 'Mo,Tu,We,Th,Fr,Sa,Su' },
  restMark: { zh: '休', en: 'off' },
  workMark: { zh: '班', en: 'work' },
});
