"""Allow ``python -m tuireader``."""

from tuireader.cli import run

if __name__ == "__main__":  # worker processes re-import this module; they must not run main
    run()
