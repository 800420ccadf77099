/** Where the bundled templates are (apart from templates.ts, so that knowing it does not load Handlebars). */
import { fileURLToPath } from 'node:url';

export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));
