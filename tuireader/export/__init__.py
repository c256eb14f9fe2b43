"""Exports: pure functions from papers (and the user's marks) to text in each format."""
