/**
 * Transcendental functions that give the same bits in every JavaScript
 * runtime. ECMAScript leaves Math.exp, Math.sin and the rest
 * "implementation-approximated": Node 20 and Chromium differ in the last bit
 * for a few percent of arguments (atan2 for 18%), so the same episode would
 * be sampled or simulated differently by the CLI and the window. These are
 * ports of fdlibm (Sun Microsystems, as kept in FreeBSD msun) written with
 * IEEE 754 basic operations (+ − × ÷, Math.sqrt, Math.abs) and bit access
 * only, which the language defines exactly; each is within 1 ulp of the
 * exact result. Data paths (scenes/, the engines in workers/) use these; an
 * ESLint rule forbids the Math versions there.
 *
 * Math.sqrt, Math.hypot, Math.abs, Math.floor, Math.min and Math.max need no
 * replacement (sqrt is correctly rounded by IEEE 754; the others are exact or
 * measured identical across runtimes).
 */
export { exp, log } from './portable-math/exp-log';
export { cos, sin, tan } from './portable-math/trig';
export { acos, asin, atan, atan2 } from './portable-math/inverse-trig';
