import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/*
 * How core code uses zod, everywhere:
 *   import './zod-messages';            // once per schema module, for this effect
 *   import * as z from 'zod/mini';
 * zod/mini with only the English messages keeps the writer bundle small: classic zod, or a
 * re-exported namespace (`export * as z`), drags every locale in (~440 KB instead of ~30 KB).
 */
config(en());
