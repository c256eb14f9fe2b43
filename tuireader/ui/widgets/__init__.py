"""The three panes of the main screen."""
