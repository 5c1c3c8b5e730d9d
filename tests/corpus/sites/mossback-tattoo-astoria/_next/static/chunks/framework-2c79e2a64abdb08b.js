/* framework-2c79e2a64abdb08b */(self.webpackChunk_N_E=self.webpackChunk_N_E||[]);
