"""hubread: a terminal reader for new research papers."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/hubread/hubread"
