/* polyfills (nomodule) */
