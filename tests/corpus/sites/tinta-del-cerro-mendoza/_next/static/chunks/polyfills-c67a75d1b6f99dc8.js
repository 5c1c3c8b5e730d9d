!function(){var t="undefined"!=typeof globalThis?globalThis:"undefined"!=typeof window?window:self;t.__nextPolyfilled=!0}();
