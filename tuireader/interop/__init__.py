"""Exchange with other readers: OPML."""
