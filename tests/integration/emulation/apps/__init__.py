"""Tiny CDK apps the local-cloud integration tests deploy (one synth per test session)."""
