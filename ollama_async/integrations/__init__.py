"""Optional integrations: our sentence splitter inside voice frameworks.

Each lives in a module of its own, imported only when you import it; the
first two need their framework (an extra of this package):

- `ollama_async.integrations.pipecat`: `SentenceAggregator`, a pipecat text
  aggregator (`pip install 'ollama-async[pipecat]'`, Python 3.11+);
- `ollama_async.integrations.livekit`: `SentenceTokenizer`, a LiveKit Agents
  sentence tokenizer (`pip install 'ollama-async[livekit]'`, Python 3.10+);
- `ollama_async.integrations.realtimetts`: `tokenize_sentences`, for
  RealtimeTTS's `play(tokenize_sentences=…)` (no extra: it imports nothing).

`import ollama_async` never imports this package, and this package imports
neither framework.
"""
