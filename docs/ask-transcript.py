#!/usr/bin/env python3
"""Records a session of `archpick ask` as the screen shows it at the end.

Usage: python3 docs/ask-transcript.py [ARCHPICK_BINARY] [-- EXTRA ARGS...]
Needs `pip install pyte` (a terminal emulator): inquire redraws its prompts in
place, so the raw output repeats them; pyte gives the final screen instead.
"""
import fcntl, os, pty, select, struct, sys, tempfile, termios, time

import pyte

ENTER, UP, DOWN, SPACE = "\r", "\x1b[A", "\x1b[B", " "

# (text to wait for, keys to send): a photo-sharing app.
SCRIPT = [
    ("short name", "Photo sharing app" + ENTER),
    ("[1/16]", UP + UP + ENTER),                      # medium traffic
    ("[2/16]", "50" + ENTER),                         # 50 reads per write
    ("[3/16]", DOWN + SPACE + DOWN + SPACE + ENTER),  # global users, latency
    ("[4/17]", SPACE + DOWN + DOWN + SPACE + ENTER),  # uploads, large media
    ("[5/17]", UP + ENTER),                           # edge logic: no
    ("[6/17]", UP + UP + ENTER),                      # large data
    ("[7/17]", DOWN + DOWN + SPACE + ENTER),          # large result lists
    ("[8/17]", UP + SPACE + ENTER),                   # data use: don't know
    ("[9/17]", UP + ENTER),                           # feeds may lag
    ("[10/17]", UP + UP + ENTER),                     # high availability
    ("[11/17]", ENTER),                               # risks: don't know
    ("[12/17]", UP + UP + ENTER),                     # a few services
    ("[13/17]", UP + UP + ENTER),                     # async work: yes
    ("[14/18]", SPACE + DOWN + DOWN + SPACE + ENTER), # fan-out, slow consumers
    ("[15/18]", ENTER),
    ("[16/18]", SPACE + ENTER),                       # ships often
    ("[17/18]", SPACE + DOWN + DOWN + SPACE + ENTER), # accounts, abuse
    ("[18/18]", UP + ENTER),                          # one tenant
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
        os.environ["COLUMNS"] = str(cols)
        os.execvp(binary, [binary, "ask", "--save", "photo.yaml", *extra])
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
