import type { YearSchedule } from '../../domain/holiday-schedule';
import { builtInCalendar, type Calendar } from '../../machines/calendar';

/**
 * 国务院办公厅关于2026年部分节假日安排的通知, dated 4 Nov 2025 (full text as released by Xinhua, e.g.
 * https://politics.gmw.cn/2025-11/04/content_38391083.htm), typed in from the notice, NOT from chinese-days:
 *   一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
 *   二、春节：2月15日（周日）至23日（周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
 *   三、清明节：4月4日（周六）至6日（周一）放假，共3天。
 *   四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
 *   五、端午节：6月19日（周五）至21日（周日）放假，共3天。
 *   六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
 *   七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
 */
export const notice2026: YearSchedule = {
  year: 2026,
  holidays: [
    ...['2026-01-01', '2026-01-02', '2026-01-03'],
    ...['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19'],
    ...['2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23'],
    ...['2026-04-04', '2026-04-05', '2026-04-06'],
    ...['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'],
    ...['2026-06-19', '2026-06-20', '2026-06-21'],
    ...['2026-09-25', '2026-09-26', '2026-09-27'],
    ...['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  ],
  makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  source: '国务院办公厅关于2026年部分节假日安排的通知',
};

/** Weekdays the notice states for its dates (0 = 周日 … 6 = 周六): checks the transcription above. */
export const notice2026Weekdays: Record<string, number> = {
  '2026-01-01': 4,
  '2026-01-03': 6,
  '2026-01-04': 0,
  '2026-02-14': 6,
  '2026-02-15': 0,
  '2026-02-23': 1,
  '2026-02-28': 6,
  '2026-04-04': 6,
  '2026-04-06': 1,
  '2026-05-01': 5,
  '2026-05-05': 2,
  '2026-05-09': 6,
  '2026-06-19': 5,
  '2026-06-21': 0,
  '2026-09-20': 0,
  '2026-09-25': 5,
  '2026-09-27': 0,
  '2026-10-01': 4,
  '2026-10-07': 3,
  '2026-10-10': 6,
};

/**
 * The built-in data cut at 2026, the last notice chinese-days 1.5.7 holds, so that the "uncovered 2027"
 * cases keep testing what they mean after a package upgrade adds 2027.
 */
export const calendarUpTo2026: Calendar = {
  years: Object.fromEntries(Object.entries(builtInCalendar.years).filter(([year]) => Number(year) <= 2026)),
};

/**
 * A HYPOTHETICAL 2027 schedule as an operator would load it — not the real 2027 notice, which the
 * package lacks and these tests do not assume. It only has to be valid and have days off in early January.
 */
export const hypothetical2027: YearSchedule = {
  year: 2027,
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-05-01', '2027-10-01'],
  makeUpWorkdays: [],
  source: 'test fixture (hypothetical, not the State Council notice)',
};
