#!/usr/bin/env python3
"""Records a session of `archpick ask` as the screen shows it at the end.

Usage: python3 docs/ask-transcript.py [ARCHPICK_BINARY] [-- EXTRA ARGS...]
Needs `pip install pyte` (a terminal emulator): inquire redraws its prompts in
place, so the raw output repeats them; pyte gives the final screen instead.
"""
import fcntl, os, pty, select, struct, sys, tempfile, termios, time

import pyte

ENTER, UP, DOWN, SPACE = "\r", "\x1b[A", "\x1b[B", " "

# (text to wait for, keys to send): a photo-sharing app. Selects start on
# "Don't know", the last option, so Up moves to the answer; multi-selects start
# on their first option.
SCRIPT = [
    ("short name", "Photo sharing app" + ENTER),
    ("In a sentence", "Friends upload photos and share albums." + ENTER),
    ("What kind of system", UP * 4 + ENTER),              # a web or mobile backend
    ("How many engineers", "6" + ENTER),
    ("How does it run", UP * 2 + ENTER),                  # managed services
    ("requests per second", "800" + ENTER),                # medium traffic
    ("reads are there for each write", "50" + ENTER),
    ("describe your traffic", DOWN + SPACE + DOWN + SPACE + ENTER),  # global users, latency
    ("store or serve", SPACE + DOWN + DOWN + SPACE + ENTER),  # uploads, large media
    ("per-request logic", UP + ENTER),                    # edge logic: no
    ("How big is the data", UP + UP + ENTER),             # large data
    ("written and read", DOWN + DOWN + SPACE + ENTER),    # large result lists
    ("need from the data", ENTER),                        # none of these
    ("authoritative copy", UP + UP + ENTER),              # system of record: yes
    ("how much recent data", ENTER),                      # don't know
    ("How fresh", UP + ENTER),                            # feeds may lag
    ("How available", UP + UP + ENTER),                   # high availability
    ("risks apply", ENTER),
    ("deployable services", UP + UP + ENTER),             # a few services
    ("finish after the response", UP + UP + ENTER),       # async work: yes
    ("background work", SPACE + DOWN + DOWN + SPACE + ENTER),  # fan-out, slow consumers
    ("business operations", ENTER),
    ("ship and run", SPACE + ENTER),                      # ships often
    ("users and data", SPACE + DOWN + DOWN + SPACE + ENTER),  # accounts, abuse
    ("customer organizations", UP + ENTER),               # one tenant
    ("already running", ENTER),                           # a new design
]


def main():
    args = sys.argv[1:]
    binary = args[0] if args and args[0] != "--" else "archpick"
    extra = args[args.index("--") + 1:] if "--" in args else []
    cols, rows = 200, 400
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    workdir = tempfile.mkdtemp()
    pid, fd = pty.fork()
    if pid == 0:
        # Size the terminal before archpick starts: a later resize (SIGWINCH)
        # can make crossterm miss keys that arrive with it.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.chdir(workdir)
        os.environ["NO_COLOR"] = "1"
        # archpick wraps its report at COLUMNS; the prompts use the whole screen.
        os.environ["COLUMNS"] = "96"
        os.execvp(binary, [binary, "ask", "--all", "--save", "photo.yaml", *extra])
    seen = b""

    def read(until=None, timeout=20.0):
        nonlocal seen
        end = time.time() + timeout
        while time.time() < end:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    return False
                if not data:
                    return False
                seen += data
                stream.feed(data)
            if until is not None and until.encode() in seen:
                seen = seen[seen.index(until.encode()) + len(until):]
                return True
        return until is None

    for wait, keys in SCRIPT:
        if not read(wait):
            sys.exit(f"never saw {wait!r}")
        os.write(fd, keys.encode())
    read(timeout=5)
    lines = [line.rstrip() for line in screen.display]
    while lines and not lines[-1]:
        lines.pop()
    print("$ archpick ask --save photo.yaml")
    print("\n".join(lines))


main()
