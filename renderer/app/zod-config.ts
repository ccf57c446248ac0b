/**
 * Imported first by each entry, before any schema is built: zod would
 * otherwise probe for eval with `new Function` when it builds its object
 * schemas, and the page's Content-Security-Policy forbids eval (the probe
 * is caught, but reported as a violation).
 */
import { config } from 'zod';

config({ jitless: true });
