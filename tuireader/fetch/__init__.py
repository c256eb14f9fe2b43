"""The refresh engine: fetch every source, parse (in worker processes for big bodies) and ingest
into the cache."""
