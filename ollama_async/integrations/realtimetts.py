"""RealtimeTTS: our sentence ends inside its stream2sentence (no extra needed).

RealtimeTTS re-splits whatever it is fed: `TextToAudioStream.play()` reads the
text character by character and runs stream2sentence over it, which calls the
`tokenize_sentences` you pass on the text buffered so far, again and again.
A whole-text splitter such as `split_sentences` takes the end of that buffer
for the end of the reply (`…at 5 p.m.` is cut before `Please` arrives);
`tokenize_sentences` here hands back only the sentences whose end is already
certain, and the rest as one piece, which stream2sentence keeps buffering:

```python
from ollama_async.integrations.realtimetts import tokenize_sentences

stream.feed(token_iterator)
stream.play(tokenize_sentences=tokenize_sentences, minimum_sentence_length=1,
            minimum_first_fragment_length=1, fast_sentence_fragment=False)
```

The other three arguments stop stream2sentence from merging short sentences
and from cutting the first one at a comma (`docs/guides/realtimetts.md`).
"""

from __future__ import annotations

from .._sentences import SentenceSplitter

__all__ = ["tokenize_sentences"]


def tokenize_sentences(text: str) -> list[str]:
    """The sentences of `text` whose end is certain, then the rest (if any) as one piece.

    Joined, they are `text`. Made for stream2sentence's `tokenize_sentences`,
    which calls it on the text buffered so far and keeps the last piece.
    """
    done = SentenceSplitter().feed(text)
    rest = text[sum(map(len, done)) :]
    return [*done, rest] if rest else done
