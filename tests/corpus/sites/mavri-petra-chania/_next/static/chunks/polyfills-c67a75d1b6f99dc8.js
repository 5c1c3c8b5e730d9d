"use strict";/* polyfills for legacy browsers (nomodule) */
