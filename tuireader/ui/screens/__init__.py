"""Modal screens: help, confirmation, tag and note editors."""
