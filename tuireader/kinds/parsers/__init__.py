"""The parsers of the kinds: pure ``bytes -> Parsed`` functions, imported on first parse."""
