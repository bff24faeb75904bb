"""Asyncio client for Ollama."""

__version__ = "0.1.0"
