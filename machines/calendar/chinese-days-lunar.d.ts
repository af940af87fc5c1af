/**
 * chinese-days' UMD build, typed by the package's own declarations. The workflow bundle (webpack) cannot
 * take its ES build (`dist/index.es.js` has ESM syntax in a package not marked as a module), so
 * statutory.ts imports this file instead.
 */
declare module 'chinese-days/dist/index.min.js' {
  import type { getSolarDateFromLunar, getSolarTermDate } from 'chinese-days';

  const lunar: {
    getSolarDateFromLunar: typeof getSolarDateFromLunar;
    getSolarTermDate: typeof getSolarTermDate;
  };
  export default lunar;
}
