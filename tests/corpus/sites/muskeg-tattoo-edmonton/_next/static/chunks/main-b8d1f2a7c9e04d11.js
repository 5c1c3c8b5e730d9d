/* next.js runtime (trimmed export) */
(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[179],{}]);
window.__NEXT_P = window.__NEXT_P || [];
