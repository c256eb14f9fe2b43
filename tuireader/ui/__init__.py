"""The Textual reader: app, screens, widgets, messages. The only package that imports textual."""
