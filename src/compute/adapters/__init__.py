"""Adapters: one module per outside system (DynamoDB, OpenSearch, HTTP, SQS, ...)."""
