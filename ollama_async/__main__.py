"""`python -m ollama_async`: the command line."""

from .cli import main

main()
