/* polyfills for legacy browsers (nomodule) */
