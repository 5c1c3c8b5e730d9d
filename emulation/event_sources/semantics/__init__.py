"""What an AWS Lambda event-source mapping means, as pure functions and values (no I/O).

The pollers (`event_sources/pollers.py`) only move data; every rule lives in this package so it
can be unit-tested, one module per seam:

    mapping       the mapping's properties, their AWS defaults and limits, what is not emulated
    filters       event filtering (the AWS event-filter pattern syntax)
    records       the record shapes Lambda hands to functions (DynamoDB stream, SQS)
    batches       when a batch is invoked, a stream record's lane, and how the function's
                  response is read (ReportBatchItemFailures)
    stream_retry  the stream retry plan (bisect, retries, maximum record age, checkpoints) and
                  the failure record sent to on-failure destinations
"""
