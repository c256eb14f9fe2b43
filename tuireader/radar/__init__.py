"""The research radar: the reader's own rules and learned preferences, turned into a score
and an honest reason for every paper. Pure logic over ``Paper`` records; the reader and the
``radar`` command run it off the UI thread and keep its results in the data dir."""
