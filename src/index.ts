/** The programmatic API of studyguide. The CLI is a thin layer over these functions. */
export {
  build,
  defaultConcurrency,
  type BuildOptions,
  type BuildResult,
  type GuideReport,
  type BuildEvent,
} from './build/build.js';
export { check, type CheckResult, type CheckedGuide } from './build/check.js';
export { init, type InitOptions, type InitResult } from './init/init-guide.js';
export { findGuides, guideFolder, type FindOptions, type GuideRef } from './content/find-guides.js';
export { loadGuide, type LoadedGuide, type LoadResult } from './content/load-guide.js';
export * as schema from './content/schema.js';
export type { GuideMeta, SourceMeta, CitationT as Citation } from './content/schema.js';
export { renderDocumentHtml, type RenderedDocument } from './render/render-html.js';
export { BrowserPool, type BrowserPoolOptions } from './pdf/browser-pool.js';
export { findChrome, locateBrowser, type BrowserChoice } from './pdf/find-chrome.js';
export {
  doctor,
  formatDoctorReport,
  type DoctorOptions,
  type DoctorReport,
  type DoctorCheck,
} from './doctor/doctor.js';
export * from './errors.js';
export * from './options.js';
export { VERSION } from './version.js';
