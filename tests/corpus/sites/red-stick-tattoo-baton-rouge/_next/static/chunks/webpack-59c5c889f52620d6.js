!function(){"use strict";self.webpackChunk_N_E=self.webpackChunk_N_E||[]}();
