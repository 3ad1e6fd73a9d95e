/**
 * zod (which the AI SDK parses stream parts with) probes whether it may compile
 * validators with `new Function`; under this page's Content-Security-Policy,
 * which has no 'unsafe-eval', the probe is a CSP violation the browser reports
 * on every page load. Telling zod up front not to compile skips the probe;
 * the validators the page runs are few and small.
 */
import { config } from 'zod';

config({ jitless: true });
