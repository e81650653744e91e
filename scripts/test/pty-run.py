#!/usr/bin/env python3
"""pty-run.py COLS ROWS OUTFILE CMD...: runs CMD on a pseudo-terminal of that size and saves every byte it writes
there; exits with CMD's status. PTY_RAW=1 turns output processing off (no \n -> \r\n), PTY_STDERR=FILE sends
CMD's stderr to FILE instead of the terminal."""
import fcntl, os, pty, struct, sys, termios
cols, rows, outf, cmd = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
pid, fd = pty.fork()
if pid == 0:
    os.environ['COLUMNS'] = str(cols); os.environ['LINES'] = str(rows)
    if os.environ.get('PTY_RAW'):
        a = termios.tcgetattr(1); a[1] &= ~termios.OPOST; termios.tcsetattr(1, termios.TCSANOW, a)
    if os.environ.get('PTY_STDERR'):
        e = os.open(os.environ['PTY_STDERR'], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644); os.dup2(e, 2)
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
    os.execvp(cmd[0], cmd)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
data = b''
while True:
    try:
        b = os.read(fd, 65536)
    except OSError:
        break
    if not b:
        break
    data += b
_, st = os.waitpid(pid, 0)
open(outf, 'wb').write(data)
sys.exit(os.waitstatus_to_exitcode(st))
