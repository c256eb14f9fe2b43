"""Saving papers into the Zotero running on this machine (its connector server), and
finding which are already there (its read-only local API). No textual here."""
