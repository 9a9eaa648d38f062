#!/usr/bin/env python3
"""Run a command in a new pseudo-terminal, as a person's terminal would.

The command's terminal output is copied to stdout; bytes read from stdin are typed into the
terminal (so "\\x03" is Ctrl-C: the terminal driver turns it into SIGINT for the foreground
process group, or passes it on as a key in raw mode, exactly as with a real terminal). Exits
with the command's exit code, or 128 + the signal that ended it.

    pty-relay.py <command> [args...]    (PTY_COLS and PTY_ROWS set the window size)
"""
import fcntl
import os
import pty
import select
import struct
import sys
import termios


def main() -> int:
    cols = int(os.environ.get("PTY_COLS", "100"))
    rows = int(os.environ.get("PTY_ROWS", "40"))
    pid, master = pty.fork()
    if pid == 0:
        # The window size before the program starts: it reads it once, at startup.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.execvp(sys.argv[1], sys.argv[1:])
    stdin = sys.stdin.fileno()
    stdin_open = True
    while True:
        watched = [master] + ([stdin] if stdin_open else [])
        readable, _, _ = select.select(watched, [], [])
        if master in readable:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: every process holding the terminal has closed it
                data = b""
            if not data:
                break
            os.write(sys.stdout.fileno(), data)
        if stdin_open and stdin in readable:
            data = os.read(stdin, 65536)
            if data:
                os.write(master, data)
            else:
                stdin_open = False
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    return 128 - code if code < 0 else code


if __name__ == "__main__":
    sys.exit(main())
