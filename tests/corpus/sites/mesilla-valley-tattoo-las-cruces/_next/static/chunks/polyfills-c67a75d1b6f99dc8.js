/* nomodule polyfills: empty for modern browsers */
