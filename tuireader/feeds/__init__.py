"""Feed formats: safe XML, RSS/Atom/RDF and JSON Feed readers, the feedparser fallback, dates and
author lists. Pure bytes -> entries."""
