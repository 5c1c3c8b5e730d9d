"""The artist search index (OpenSearch), one module per job:

- definition: the versioned index name, analysis settings, the strict mapping, its fingerprint;
- lifecycle: ensure the index behind its alias, tell definition drift, reindex to a new version;
- bulk: the sync's index/delete operations at external versions and each item's outcome;
- query: the API's search and style-count bodies, the reply's shapes, distances;
- errors: SearchUnavailable and which failures are transient;
- index: ArtistSearchIndex, what the services hold (searches behind compute.domain.breaker).
"""
