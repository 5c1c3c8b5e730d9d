/* main-0ecb9ccfcb6c9b24 */(self.webpackChunk_N_E=self.webpackChunk_N_E||[]);
