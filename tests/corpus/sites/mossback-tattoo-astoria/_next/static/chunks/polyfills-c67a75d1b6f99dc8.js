/* polyfills-c67a75d1b6f99dc8 */(self.webpackChunk_N_E=self.webpackChunk_N_E||[]);
