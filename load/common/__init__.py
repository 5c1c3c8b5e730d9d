"""What the benchmarks share, one module per job:

- paths: the repository, results/, the default assembly and state directory;
- figures: percentiles, stage summaries and checks, API-versus-floor ratios, results/*.json (pure);
- pacing: a steady request rate for a load generator's users (pure);
- mix: the API's route names, the request mix and the searches it sends (pure);
- cpu: CPU of process trees, split into the parts of the system under test;
- cloud: the local cloud (started once in its own process, or a running `compute-local up`),
  seeding through the table and waiting for the index.

Nothing here imports locust or gevent: the load generator (load/locustfile.py) runs in a
process of its own, and the pure modules are unit-tested without servers.
"""
