"""The local cloud: runs the synthesized CDK template on one machine, without Docker.

Core parts: `aws` (embedded moto server), `opensearch` (a real node), `lambda_runtime` (warm
worker processes running the packaged handlers), `event_sources` (AWS event-source-mapping
semantics for DynamoDB streams and SQS), `faults` (switchable faults for reliability tests).
"""
