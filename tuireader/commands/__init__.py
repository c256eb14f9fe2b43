"""Headless subcommands for cron and scripts; none of them imports textual."""
