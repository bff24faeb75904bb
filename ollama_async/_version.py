"""The package version, below every module that reports it (the User-Agent, the CLI)."""

__version__ = "0.1.0"
