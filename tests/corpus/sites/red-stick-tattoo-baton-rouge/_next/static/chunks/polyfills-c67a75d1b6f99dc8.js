/* polyfills (trimmed) */
