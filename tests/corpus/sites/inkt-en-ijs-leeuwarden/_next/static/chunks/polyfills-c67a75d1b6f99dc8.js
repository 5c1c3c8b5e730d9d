"use strict";(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[429],{2321:function(){}}]);
