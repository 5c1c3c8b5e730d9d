"""Benchmarks of the search path on the local cloud: `load.run` (Locust), `load.freshness`
(write -> searchable), `load.coldstart` (handler import + init). Each writes results/*.json."""
