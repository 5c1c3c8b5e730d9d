/* webpack-59c5c889f52620d6 */(self.webpackChunk_N_E=self.webpackChunk_N_E||[]);
