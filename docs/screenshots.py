"""Render the CLI screenshots in docs/img/ from real terminal sessions (tmux + Pillow).

    .venv/bin/python docs/screenshots.py

Starts ``ollama-async serve-fake`` with a slow model, drives the CLI in tmux,
captures the panes and draws them as PNG.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

IMG = Path(__file__).resolve().parent / "img"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
CLI = f"{sys.executable} -m ollama_async"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def wait_for(session: str, text: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.05)  # polling another process's terminal
    raise TimeoutError(f"{text!r} did not appear in {session}")


def wait_for_progress(session: str) -> None:
    """Until the bar is part-way (between 20 % and 80 %)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        for word in screen.split():
            if word.endswith("%") and word[:-1].isdigit() and 20 <= int(word[:-1]) <= 80:
                return
        time.sleep(0.02)  # polling another process's terminal
    raise TimeoutError("the progress bar never showed a partial download")


def render(screen: str, path: Path) -> None:
    lines = screen.rstrip("\n").splitlines() or [""]
    font = ImageFont.truetype(FONT, 15)
    width = max(len(line) for line in lines) * 9 + 40
    image = Image.new("RGB", (max(width, 400), len(lines) * 20 + 30), "#1e1e1e")
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        draw.text((20, 15 + row * 20), line, font=font, fill="#e0e0e0")
    image.save(path)
    print(f"wrote {path}")


def main() -> None:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ollama_async",
            "serve-fake",
            "--port",
            "0",
            "--token-delay",
            "0.15",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    url = server.stdout.readline().split()[3]
    try:
        tmux(
            "new-session",
            "-d",
            "-s",
            "chat",
            "-x",
            "90",
            "-y",
            "12",
            f"{CLI} --host {url} chat llama3.2 --sentences",
        )
        wait_for("chat", ">>>")
        tmux("send-keys", "-t", "chat", "Hi there", "Enter")
        wait_for("chat", "How can I help")
        tmux("send-keys", "-t", "chat", "What can you do?", "Enter")
        wait_for("chat", "What can you do?")
        time.sleep(0.5)  # let the second reply start streaming
        render(tmux("capture-pane", "-p", "-t", "chat"), IMG / "cli-chat-sentences.png")
        tmux("kill-session", "-t", "chat")
        subprocess.run(
            [*CLI.split(), "--host", url, "rm", "llama3.2"], check=True, capture_output=True
        )
        tmux(
            "new-session",
            "-d",
            "-s",
            "pull",
            "-x",
            "110",
            "-y",
            "6",
            f"{CLI} --host {url} pull llama3.2; sleep 5",
        )
        wait_for_progress("pull")
        render(tmux("capture-pane", "-p", "-t", "pull"), IMG / "cli-pull.png")
        tmux("kill-session", "-t", "pull")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
